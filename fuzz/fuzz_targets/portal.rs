//! The agenda portal's answers on any bytes, as `fetch` reads them: the
//! committee list and a meeting's attachments never panic, every meeting
//! is saved inside the directory, every attachment's file is one plain
//! name, and every address stays on the portal.
#![no_main]

use budgetspor_core::portal;
use libfuzzer_sys::fuzz_target;
use std::path::{Component, Path};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let dir = Path::new("/data/portal");
    if let Ok(meetings) = portal::meetings(&text) {
        for meeting in &meetings {
            let path = portal::meeting_path(dir, meeting);
            let inside = path.strip_prefix(dir).expect("saved inside the directory");
            assert_eq!(inside.components().count(), 2, "{path:?}");
            assert!(inside.components().all(|c| matches!(c, Component::Normal(_))));
        }
    }
    let base = "https://p.dk";
    for attachment in portal::attachments(&text, base) {
        let file = Path::new(&attachment.file);
        assert_eq!(file.components().count(), 1, "{file:?}");
        assert!(matches!(file.components().next(), Some(Component::Normal(_))));
        assert_eq!(portal::attachment_item(&attachment.file), Some(attachment.item));
        let rest = attachment.url.strip_prefix(base).expect("on the portal");
        assert!(rest.starts_with("/Vis/Pdf/bilag/") && !rest["/Vis/Pdf/bilag/".len()..].contains('/'));
    }
    let name = portal::safe_name(&text);
    assert!(!name.is_empty() && name.len() <= 101 && !name.contains(['/', '\\']) && name != "..");
});
