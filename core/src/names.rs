//! Canonical line-item names across meetings.
//!
//! The same line is printed differently from meeting to meeting
//! ("Jobklaringsforløb - ydelse" / "Jobklaringsforløb", "EGU/FGU" /
//! "Forberedende grunduddannelse (FGU)", a typo here and there). Names are
//! resolved in three steps, most certain first: a folded key (case,
//! punctuation, hyphens, Danish letters, known suffixes and abbreviations);
//! shared capitalised abbreviations; and a bounded edit distance for long
//! labels, which is reported as unsure. A user alias file overrides all of
//! it. Two labels printed in the same table are never merged: a table does
//! not list one line twice.

use crate::hash::FastMap;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// One place a label was printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub label: Arc<str>,
    /// Identifies the table (source and table number).
    pub table: (Arc<str>, u32),
    pub date: Option<NaiveDate>,
    pub line: u32,
}

/// User aliases: canonical name → the variants that mean it.
pub type Aliases = BTreeMap<String, Vec<String>>;

/// How a group of variants came together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeBasis {
    /// One variant, or variants with the same folded key.
    Key,
    /// Listed together in the user's alias file.
    Alias,
    /// A shared abbreviation ("EGU/FGU" and "… (FGU)").
    Abbreviation,
    /// Similar spelling only: confirm in the alias file.
    Unsure,
}

impl MergeBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            MergeBasis::Key => "key",
            MergeBasis::Alias => "alias",
            MergeBasis::Abbreviation => "abbreviation",
            MergeBasis::Unsure => "unsure",
        }
    }
}

/// A canonical name with every variant seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameGroup {
    pub canonical: String,
    pub variants: Vec<String>,
    pub basis: MergeBasis,
    /// Where each variant was seen: (variant, source, line).
    pub seen: Vec<(Arc<str>, Arc<str>, u32)>,
}

/// The resolved names of a set of occurrences.
#[derive(Debug, Clone, Default)]
pub struct Names {
    groups: Vec<NameGroup>,
    by_label: HashMap<String, usize>,
}

impl Names {
    /// The canonical name of a label; the label itself if it was never seen.
    pub fn canonical<'a>(&'a self, label: &'a str) -> &'a str {
        self.by_label
            .get(label)
            .map_or(label, |&g| self.groups[g].canonical.as_str())
    }

    pub fn groups(&self) -> &[NameGroup] {
        &self.groups
    }
}

/// Fold Danish letters and accents to ASCII for comparison.
fn fold_letters(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.to_lowercase().chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' | 'è' | 'ê' => out.push('e'),
            'ü' => out.push('u'),
            'ö' => out.push_str("oe"),
            'ä' => out.push_str("ae"),
            c => out.push(c),
        }
    }
    out
}

/// Suffixes that qualify a line without changing which line it is.
const SUFFIXES: &[&str] = &[
    " - ydelse",
    ", kommunens medfinansiering",
    " kommunens medfinansiering",
];

/// Abbreviations printed for the same line.
const ABBREVIATIONS: &[(&str, &str)] = &[("sdp", "sygedagpenge")];

/// Words that carry no identity.
const STOPWORDS: &[&str] = &["og"];

/// The folded comparison key of a label.
pub fn name_key(label: &str) -> String {
    let mut s = label.trim().to_lowercase();
    for suffix in SUFFIXES {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
        }
    }
    let folded = fold_letters(&s);
    let words = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(short, _)| *short == w)
                .map_or(w, |(_, long)| long)
        });
    words.collect::<Vec<_>>().join(" ")
}

/// Capitalised abbreviations a label names itself by: "(FGU)" and the
/// parts of "EGU/FGU".
fn abbreviations(label: &str) -> BTreeSet<String> {
    let is_abbreviation =
        |w: &str| (2..=5).contains(&w.chars().count()) && w.chars().all(|c| c.is_uppercase());
    let mut out = BTreeSet::new();
    let trimmed = label.trim();
    if let (Some(open), true) = (trimmed.rfind('('), trimmed.ends_with(')')) {
        let inner = &trimmed[open + 1..trimmed.len() - 1];
        if is_abbreviation(inner) {
            out.insert(inner.to_string());
        }
    }
    if trimmed.contains('/') && trimmed.split('/').all(is_abbreviation) {
        out.extend(trimmed.split('/').map(str::to_string));
    }
    out
}

/// Levenshtein distance over chars, giving up beyond `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|m| *m > limit) {
            return None;
        }
        previous = current;
    }
    Some(previous[b.len()]).filter(|d| *d <= limit)
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Whether two keys are spelled alike enough to be one line: long labels,
/// the same numbers ("Job 1" is not "Job 2"), at most two edits or one per
/// ten characters.
fn spelled_alike(a: &str, b: &str) -> bool {
    let shorter = a.chars().count().min(b.chars().count());
    if shorter < 12 || digits(a) != digits(b) {
        return false;
    }
    edit_distance(a, b, (shorter / 10).max(2)).is_some()
}

/// The root of `i`'s group in the union-find, paths shortened on the way.
fn find(parent: &mut [usize], i: usize) -> usize {
    let mut root = i;
    while parent[root] != root {
        root = parent[root];
    }
    let mut node = i;
    while parent[node] != root {
        let next = parent[node];
        parent[node] = root;
        node = next;
    }
    root
}

/// The groups the union-find made, each with its canonical name, how it
/// was merged, its variants and where they were seen.
fn named_groups(
    occurrences: &[Occurrence],
    labels: &[&str],
    index: &FastMap<&str, usize>,
    parent: &mut [usize],
    basis: &[MergeBasis],
    alias_canonical: &HashMap<usize, String>,
) -> Names {
    // Collect groups; the canonical name is the alias's, else the variant
    // printed most recently (longest on a tie), so a corrected typo wins.
    let mut latest: FastMap<&str, (Option<NaiveDate>, usize)> = FastMap::default();
    for o in occurrences {
        let entry = latest.entry(&*o.label).or_insert((o.date, 0));
        entry.0 = entry.0.max(o.date);
        entry.1 += 1;
    }
    let mut occurrences_of: Vec<Vec<&Occurrence>> = vec![Vec::new(); labels.len()];
    for o in occurrences {
        occurrences_of[index[&*o.label]].push(o);
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..labels.len() {
        let root = find(parent, i);
        members.entry(root).or_default().push(i);
    }
    let mut names = Names::default();
    for (root, group) in members {
        let canonical = group
            .iter()
            .find_map(|i| alias_canonical.get(i).cloned())
            .unwrap_or_else(|| {
                let best = group
                    .iter()
                    .max_by_key(|&&i| (latest[labels[i]].0, labels[i].chars().count()))
                    .copied()
                    .unwrap_or(root);
                labels[best].to_string()
            });
        // A group is as sure as its least sure merge: one variant joined
        // by an unsure guess makes the whole group one to look at (`names`
        // lists it), however many joined by their keys.
        let group_basis = group
            .iter()
            .map(|&i| basis[i])
            .chain(std::iter::once(basis[root]))
            .max_by_key(|b| match b {
                MergeBasis::Key => 0,
                MergeBasis::Abbreviation => 1,
                MergeBasis::Alias => 2,
                MergeBasis::Unsure => 3,
            })
            .unwrap_or(MergeBasis::Key);
        let variants: Vec<String> = group.iter().map(|&i| labels[i].to_string()).collect();
        let mut seen: Vec<(Arc<str>, Arc<str>, u32)> = group
            .iter()
            .flat_map(|&i| &occurrences_of[i])
            .map(|o| (Arc::clone(&o.label), Arc::clone(&o.table.0), o.line))
            .collect();
        // Nearly in order already (occurrences come sorted by table and
        // line): the stable sort finds the runs.
        seen.sort();
        seen.dedup();
        let g = names.groups.len();
        for v in &variants {
            names.by_label.insert(v.clone(), g);
        }
        names.groups.push(NameGroup {
            canonical,
            variants,
            basis: group_basis,
            seen,
        });
    }
    names.groups.sort_by(|a, b| a.canonical.cmp(&b.canonical));
    names.by_label = names
        .groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.variants.iter().map(move |v| (v.clone(), g)))
        .collect();
    names
}

/// Resolve the labels of `occurrences` into canonical names.
pub fn resolve(occurrences: &[Occurrence], aliases: &Aliases) -> Names {
    // Union-find over distinct labels.
    let mut labels: Vec<&str> = occurrences.iter().map(|o| &*o.label).collect();
    labels.sort_unstable();
    labels.dedup();
    let index: FastMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    let mut parent: Vec<usize> = (0..labels.len()).collect();
    let mut basis = vec![MergeBasis::Key; labels.len()];
    // Tables as small integers: an archive has tens of thousands of them,
    // and every merge compares the table sets of two groups.
    let mut table_ids: FastMap<(&str, u32), u32> = FastMap::default();
    let mut tables: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); labels.len()];
    for o in occurrences {
        let next = table_ids.len() as u32;
        let id = *table_ids.entry((&*o.table.0, o.table.1)).or_insert(next);
        tables[index[&*o.label]].insert(id);
    }
    // Merge two groups unless they share a table; returns whether merged.
    let union = |parent: &mut Vec<usize>, tables: &mut Vec<BTreeSet<u32>>, a: usize, b: usize| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra == rb {
            return true;
        }
        if !tables[ra].is_disjoint(&tables[rb]) {
            return false;
        }
        let moved = std::mem::take(&mut tables[rb]);
        tables[ra].extend(moved);
        parent[rb] = ra;
        true
    };

    // 1. User aliases, which also decide the canonical name.
    let mut alias_canonical: HashMap<usize, String> = HashMap::new();
    let alias_of: HashMap<String, &String> = aliases
        .iter()
        .flat_map(|(canonical, variants)| {
            variants
                .iter()
                .chain(std::iter::once(canonical))
                .map(move |v| (name_key(v), canonical))
        })
        .collect();
    let mut alias_root: HashMap<&String, usize> = HashMap::new();
    for (i, label) in labels.iter().enumerate() {
        if let Some(canonical) = alias_of.get(&name_key(label)) {
            basis[i] = MergeBasis::Alias;
            let first = *alias_root.entry(canonical).or_insert(i);
            // An alias file is the user's word: it may join lines of one
            // table only if the user listed them, which we still refuse.
            union(&mut parent, &mut tables, first, i);
            alias_canonical.insert(i, (*canonical).clone());
        }
    }
    // 2. Same key. 3. Shared abbreviation. 4. Similar spelling (unsure).
    let keys: Vec<String> = labels.iter().map(|l| name_key(l)).collect();
    let abbrevs: Vec<BTreeSet<String>> = labels.iter().map(|l| abbreviations(l)).collect();
    for i in 0..labels.len() {
        for j in i + 1..labels.len() {
            if alias_canonical.contains_key(&i) || alias_canonical.contains_key(&j) {
                continue;
            }
            let how = if keys[i] == keys[j] {
                MergeBasis::Key
            } else if !abbrevs[i].is_disjoint(&abbrevs[j]) {
                MergeBasis::Abbreviation
            } else if spelled_alike(&keys[i], &keys[j]) {
                MergeBasis::Unsure
            } else {
                continue;
            };
            if union(&mut parent, &mut tables, i, j) && how != MergeBasis::Key {
                let root = find(&mut parent, i);
                if basis[root] != MergeBasis::Unsure {
                    basis[root] = how;
                }
            }
        }
    }

    named_groups(
        occurrences,
        &labels,
        &index,
        &mut parent,
        &basis,
        &alias_canonical,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(label: &str, table: u32, year: i32) -> Occurrence {
        Occurrence {
            label: label.into(),
            table: (format!("doc{year}").into(), table),
            date: NaiveDate::from_ymd_opt(year, 6, 1),
            line: 1,
        }
    }

    fn same(a: &str, b: &str) -> bool {
        let names = resolve(&[occ(a, 1, 2021), occ(b, 1, 2024)], &Aliases::new());
        names.canonical(a) == names.canonical(b)
    }

    #[test]
    fn pairs_that_merge() {
        for (a, b) in [
            ("Jobklaringsforløb - ydelse", "Jobklaringsforløb"),
            (
                "Handicapkomenserende ydelser",
                "Handicapkompenserende ydelser",
            ),
            ("A-dagpenge, kommunens medfinansiering", "A-dagpenge"),
            ("EGU/FGU", "Forberedende grunduddannelse (FGU)"),
            ("Akademikerindsats", "Akademikerindsatsen"),
            (
                "SDP: Tværfagligt team 2.0",
                "Sygedagpenge: Tværfagligt team 2.0",
            ),
            ("Vollsmose aktivitetsparate", "Vollsmose - Aktivitetsparate"),
            ("Boligsikring/ -ydelse", "Boligsikring- og ydelse"),
            ("Ressourceforløb - ydelse", "Ressourceforløb"),
            (
                "Selvbrørgelses- og hjemrejseydelse eller overgangsydelse",
                "Selvforsørgelses- og hjemrejseydelse eller overgangsydelse",
            ),
        ] {
            assert!(same(a, b), "{a:?} and {b:?} should merge");
        }
    }

    #[test]
    fn pairs_that_must_not_merge() {
        for (a, b) in [
            ("Seniorpension", "Seniorjob"),
            ("Job 1", "Job 2"),
            ("Uddannelse 1", "Uddannelse 2"),
            ("Jobrehabilitering 1", "Jobrehabilitering 2"),
            ("Løntilskud (A-dagpenge)", "A-dagpenge"),
            ("Vollsmose jobparate", "Vollsmose aktivitetsparate"),
            ("Kontanthjælp og uddannelseshjælp", "Uddannelseshjælp"),
        ] {
            assert!(!same(a, b), "{a:?} and {b:?} must stay apart");
        }
    }

    #[test]
    fn never_merge_within_one_table() {
        let names = resolve(
            &[
                occ("Akademikerindsats", 1, 2021),
                occ("Akademikerindsatsen", 1, 2021),
            ],
            &Aliases::new(),
        );
        assert_ne!(
            names.canonical("Akademikerindsats"),
            names.canonical("Akademikerindsatsen")
        );
    }

    #[test]
    fn latest_spelling_is_canonical_and_unsure_is_reported() {
        let names = resolve(
            &[
                occ("Handicapkomenserende ydelser", 1, 2021),
                occ("Handicapkompenserende ydelser", 1, 2024),
            ],
            &Aliases::new(),
        );
        assert_eq!(
            names.canonical("Handicapkomenserende ydelser"),
            "Handicapkompenserende ydelser"
        );
        assert_eq!(names.groups()[0].basis, MergeBasis::Unsure);
    }

    #[test]
    fn aliases_override() {
        let mut aliases = Aliases::new();
        aliases.insert(
            "Seniorordninger".into(),
            vec!["Seniorpension".into(), "Seniorjob".into()],
        );
        let names = resolve(
            &[
                occ("Seniorpension", 1, 2021),
                occ("Seniorjob", 2, 2024),
                occ("Sygedagpenge", 1, 2021),
            ],
            &aliases,
        );
        assert_eq!(names.canonical("Seniorpension"), "Seniorordninger");
        assert_eq!(names.canonical("Seniorjob"), "Seniorordninger");
        assert_eq!(names.canonical("Sygedagpenge"), "Sygedagpenge");
    }
}
