//! `budgetspor fetch`: a municipality's meetings from its agenda portal,
//! saved where `extract` reads them. What to ask and where to save it is
//! [`budgetspor_core::portal`]'s; this module is the HTTP client (ureq, behind the
//! `fetch` feature) and the loop over the meetings.

use crate::cli::FetchArgs;
use crate::cmd::Outcome;
use crate::error::CmdResult;

#[cfg(not(feature = "fetch"))]
pub fn run(_args: &FetchArgs) -> CmdResult<Outcome> {
    Err(
        "budgetspor fetch: expected a build with the `fetch` feature, found one without it \
         (cargo build --features fetch)"
            .into(),
    )
}

#[cfg(feature = "fetch")]
pub fn run(args: &FetchArgs) -> CmdResult<Outcome> {
    client::run(args)
}

#[cfg(feature = "fetch")]
mod client {
    use super::*;
    use crate::output::write_atomic;
    use budgetspor_core::portal::{self, Meeting, Selection};
    use indicatif::{ProgressBar, ProgressStyle};
    use std::io::IsTerminal;
    use std::path::Path;
    use std::time::{Duration, Instant};

    /// What the client says it is, to the portal's logs.
    const USER_AGENT: &str = concat!(
        "budgetspor/",
        env!("CARGO_PKG_VERSION"),
        " (agenda fetcher; budget tables of Danish municipal minutes)"
    );

    /// A meeting's JSON is a few hundred kB; a portal answering more for
    /// one is not answering a meeting.
    const MEETING_LIMIT: u64 = 64 << 20;
    /// Attachments are PDFs of up to some tens of MB.
    const ATTACHMENT_LIMIT: u64 = 512 << 20;

    /// Why a request gave nothing.
    enum Failure {
        /// The portal answered with this HTTP status.
        Status(u16),
        /// No answer, or a broken one.
        Transport(String),
    }

    impl std::fmt::Display for Failure {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Failure::Status(code) => write!(f, "HTTP {code}"),
                Failure::Transport(what) => write!(f, "{what}"),
            }
        }
    }

    /// A polite client: one request at a time, at most `rate` a second,
    /// transient failures retried with a doubling wait.
    struct Client {
        agent: ureq::Agent,
        gap: Duration,
        next: Instant,
        retries: u32,
        wait: Duration,
        requests: usize,
        bytes: u64,
    }

    impl Client {
        fn new(args: &FetchArgs) -> Client {
            let config = ureq::Agent::config_builder()
                .user_agent(USER_AGENT)
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(args.timeout.max(1))))
                .build();
            Client {
                agent: config.into(),
                gap: Duration::from_secs_f64(1.0 / args.rate),
                next: Instant::now(),
                retries: args.retries,
                wait: Duration::from_secs_f64(args.retry_wait.max(0.0)),
                requests: 0,
                bytes: 0,
            }
        }

        /// Wait for the next request's turn.
        fn pace(&mut self) {
            let now = Instant::now();
            if self.next > now {
                std::thread::sleep(self.next - now);
            }
            self.next = Instant::now() + self.gap;
        }

        /// The body of a 2xx answer to GET `url`, of at most `limit` bytes.
        fn get(&mut self, url: &str, limit: u64) -> Result<Vec<u8>, Failure> {
            let mut attempt = 0;
            loop {
                self.pace();
                self.requests += 1;
                let failure = match self.agent.get(url).call() {
                    Ok(mut response) => {
                        let status = response.status().as_u16();
                        if (200..300).contains(&status) {
                            match response.body_mut().with_config().limit(limit).read_to_vec() {
                                Ok(body) => {
                                    self.bytes += body.len() as u64;
                                    return Ok(body);
                                }
                                // Cut off mid-answer: worth another try.
                                Err(e) => Failure::Transport(format!("a broken answer ({e})")),
                            }
                        } else if status >= 500 || status == 429 {
                            Failure::Status(status)
                        } else {
                            return Err(Failure::Status(status));
                        }
                    }
                    Err(e) if transient(&e) => Failure::Transport(format!("no answer ({e})")),
                    Err(e) => return Err(Failure::Transport(format!("no answer ({e})"))),
                };
                if attempt >= self.retries {
                    return Err(failure);
                }
                std::thread::sleep(self.wait * 2u32.saturating_pow(attempt));
                attempt += 1;
            }
        }
    }

    /// Failures another try may cure: timeouts, refused or dropped
    /// connections. A bad address or a TLS error stays what it is.
    fn transient(error: &ureq::Error) -> bool {
        matches!(
            error,
            ureq::Error::Timeout(_) | ureq::Error::Io(_) | ureq::Error::ConnectionFailed
        )
    }

    /// What the run did, for the summary.
    #[derive(Default)]
    struct Tally {
        new: usize,
        saved_before: usize,
        attachments: usize,
        attachments_before: usize,
        problems: usize,
    }

    pub fn run(args: &FetchArgs) -> CmdResult<Outcome> {
        let base =
            portal::portal_base(&args.portal).map_err(|e| format!("budgetspor fetch: {e}"))?;
        if !(args.rate.is_finite() && args.rate > 0.0) {
            return Err(format!(
                "--rate: expected a number of requests a second above 0, found {}",
                args.rate
            )
            .into());
        }
        let started = Instant::now();
        let mut client = Client::new(args);
        let list_url = format!("{base}{}", portal::COMMITTEE_LIST);
        let expected = format!(
            "{base}: expected an agenda portal answering {}",
            portal::COMMITTEE_LIST
        );
        let list = match client.get(&list_url, MEETING_LIMIT) {
            Ok(body) => String::from_utf8_lossy(&body).into_owned(),
            Err(failure) => return Err(format!("{expected}, found {failure}").into()),
        };
        let all = portal::meetings(&list).map_err(|what| format!("{expected}, found {what}"))?;
        let selection = Selection {
            since: args.since,
            until: args.until,
            committees: args.committees.clone(),
        };
        let listed = count(all.len(), "meeting");
        let mut chosen: Vec<Meeting> = Vec::new();
        for meeting in all.into_iter().filter(|m| selection.takes(m)) {
            // A meeting listed under two groups is fetched once.
            let path = portal::meeting_path(&args.out, &meeting);
            if !chosen
                .iter()
                .any(|m| portal::meeting_path(&args.out, m) == path)
            {
                chosen.push(meeting);
            }
        }
        if chosen.is_empty() && !args.quiet {
            eprintln!(
                "{base}: expected meetings to fetch, found none that --since, --until and \
                 --committee choose (the portal lists {listed})"
            );
        }
        let mut committees: Vec<&str> = chosen.iter().map(|m| m.committee.as_str()).collect();
        committees.sort_unstable();
        committees.dedup();
        let committees = committees.len();
        let bar = progress(chosen.len(), args.quiet);
        let mut tally = Tally::default();
        for meeting in &chosen {
            bar.set_message(format!("{} {}", meeting.committee, meeting_day(meeting)));
            if let Some(text) = save_meeting(&mut client, args, &base, meeting, &mut tally) {
                if args.attachments {
                    save_attachments(&mut client, args, &base, meeting, &text, &mut tally);
                }
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
        if !args.quiet {
            eprintln!(
                "{} of {}: {} fetched, {} already saved; attachments: {} fetched, {} already \
                 saved; {}; {} ({:.1} MB) in {:.1} s",
                count(chosen.len(), "meeting"),
                count(committees, "committee"),
                tally.new,
                tally.saved_before,
                tally.attachments,
                tally.attachments_before,
                count(tally.problems, "problem"),
                count(client.requests, "request"),
                client.bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
        }
        Ok(if tally.problems > 0 {
            Outcome::Partial
        } else {
            Outcome::Complete
        })
    }

    /// "1 meeting", "27 meetings".
    fn count(n: usize, what: &str) -> String {
        if n == 1 {
            format!("1 {what}")
        } else {
            format!("{n} {what}s")
        }
    }

    fn meeting_day(meeting: &Meeting) -> String {
        meeting
            .date
            .map_or_else(|| "undated".into(), |d| d.to_string())
    }

    /// Save one meeting, unless it is saved and no --refresh: its JSON
    /// either way, for its attachments; `None` after a problem.
    fn save_meeting(
        client: &mut Client,
        args: &FetchArgs,
        base: &str,
        meeting: &Meeting,
        tally: &mut Tally,
    ) -> Option<String> {
        let path = portal::meeting_path(&args.out, meeting);
        if !args.refresh {
            if let Ok(text) = std::fs::read_to_string(&path) {
                tally.saved_before += 1;
                return Some(text);
            }
        }
        let url = format!(
            "{base}{}{}",
            portal::MEETING,
            portal::encode_segment(&meeting.id)
        );
        let problem = |tally: &mut Tally, message: String| {
            eprintln!("{url}: {message}");
            tally.problems += 1;
            None
        };
        let body = match client.get(&url, MEETING_LIMIT) {
            Ok(body) => body,
            Err(failure) => return problem(tally, format!("expected a meeting, found {failure}")),
        };
        let text = match String::from_utf8(body) {
            Ok(text) => text,
            Err(_) => {
                return problem(
                    tally,
                    "expected a meeting's JSON, found bytes that are not UTF-8".into(),
                )
            }
        };
        // Only a meeting is saved: a portal's error page or a cut-off
        // answer would be read as a broken input later.
        let is_meeting = serde_json::from_str::<serde_json::Value>(&text)
            .map(|json| json.get("Dagsordenpunkter").is_some_and(|v| v.is_array()));
        match is_meeting {
            Ok(true) => {}
            Ok(false) => {
                return problem(
                    tally,
                    "expected a meeting's JSON (with \"Dagsordenpunkter\"), found other JSON"
                        .into(),
                )
            }
            Err(e) => {
                return problem(
                    tally,
                    format!("expected a meeting's JSON, found text that is not JSON ({e})"),
                )
            }
        }
        if let Err(e) = write_atomic(&path, text.as_bytes()) {
            return problem(
                tally,
                format!("{}: expected to save the meeting, {e}", path.display()),
            );
        }
        tally.new += 1;
        Some(text)
    }

    /// Save a meeting's PDF attachments into its folder.
    fn save_attachments(
        client: &mut Client,
        args: &FetchArgs,
        base: &str,
        meeting: &Meeting,
        text: &str,
        tally: &mut Tally,
    ) {
        let folder = args
            .out
            .join(portal::safe_name(&meeting.committee))
            .join(portal::meeting_stem(meeting));
        for attachment in portal::attachments(text, base) {
            let path = folder.join(&attachment.file);
            if !args.refresh && Path::new(&path).is_file() {
                tally.attachments_before += 1;
                continue;
            }
            let body = match client.get(&attachment.url, ATTACHMENT_LIMIT) {
                Ok(body) => body,
                Err(failure) => {
                    eprintln!(
                        "{}: expected a PDF attachment, found {failure}",
                        attachment.url
                    );
                    tally.problems += 1;
                    continue;
                }
            };
            if !body.starts_with(b"%PDF-") {
                eprintln!(
                    "{}: expected a PDF attachment, found {} bytes that are no PDF",
                    attachment.url,
                    body.len()
                );
                tally.problems += 1;
                continue;
            }
            if let Err(e) = write_atomic(&path, &body) {
                eprintln!("{}: expected to save the attachment, {e}", path.display());
                tally.problems += 1;
                continue;
            }
            tally.attachments += 1;
        }
    }

    /// A progress bar of meetings on a terminal; hidden otherwise.
    fn progress(meetings: usize, quiet: bool) -> ProgressBar {
        if quiet || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(meetings as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} meetings, {eta} left  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    }
}
