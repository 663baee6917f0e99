//! Search terms: what an index keeps for a text, and how a query is read.
//!
//! Every word becomes a `w:` term, its phonetic key, so "Гусейнов",
//! "Huseynov" and "Hüseynov" are one term. A short text (a name, a title)
//! also gives a `p:` term for every pair of its words, so that a query of two
//! words finds the few texts holding both without reading every Məmmədov.
//! A query's words are looked up with their keys one letter shorter too, and
//! what is found is ranked by how closely the text's words answer the query's.

use std::collections::{HashMap, HashSet};

use crate::key::{is_marker, token_similarity, word_key};
use crate::script::{fold_case, is_azerbaijani_letter};

/// A text is short (a name, a title: paired terms, shown whole) up to this many words…
const SHORT_WORDS: usize = 8;
/// …and this many characters.
const SHORT_CHARS: usize = 160;
/// Characters shown either side of a word found in a long text.
const SNIPPET: usize = 60;
/// A query reads at most this many words.
const QUERY_WORDS: usize = 8;
/// Longer runs of letters are not words anyone searches for (no name or word
/// of the languages Vigil reads comes near); they are not indexed, so a
/// hostile text cannot make index rows too large to write.
const LONGEST_WORD: usize = 48;

/// Hits that answer a query less well than this are not shown.
pub const MIN_SCORE: f64 = 0.75;

/// One term of a text, with the form a hit on it shows: the whole text when
/// it is short, the words around it when it is long, and that form's word
/// keys as [`FormKeys::encode`] writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: String,
    pub form: String,
    pub keys: String,
}

/// The word keys of a form as ranking reads them, worked out once when the
/// form is indexed, so a search compares keys instead of reading every
/// form it finds again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormKeys {
    /// Per word: its keys.
    words: Vec<Vec<String>>,
    /// Whether the form is short (a name, a title) rather than part of a long text.
    short: bool,
}

impl FormKeys {
    pub fn of(form: &str) -> FormKeys {
        let words: Vec<Vec<String>> = text_keys(form).into_iter().map(|(k, _)| k).collect();
        let short = is_short(form, words.len());
        FormKeys { words, short }
    }

    /// `s` or `l` (short or long), then each word's keys joined by `|`,
    /// words separated by spaces: `s xadica|xadic ismailova`.
    pub fn encode(&self) -> String {
        let mut out = String::from(if self.short { "s" } else { "l" });
        for w in &self.words {
            out.push(' ');
            out.push_str(&w.join("|"));
        }
        out
    }

    /// Read what [`FormKeys::encode`] wrote; `None` for anything else (a row
    /// written before keys were kept), which the ranking then works out.
    pub fn decode(s: &str) -> Option<FormKeys> {
        let mut parts = s.split(' ');
        let short = match parts.next()? {
            "s" => true,
            "l" => false,
            _ => return None,
        };
        let words = parts
            .map(|w| w.split('|').map(str::to_owned).collect::<Vec<_>>())
            .collect::<Vec<_>>();
        if words.iter().flatten().any(String::is_empty) {
            return None;
        }
        Some(FormKeys { words, short })
    }
}

/// The alphabetic runs of `s` (apostrophes inside a word kept), as byte spans.
fn word_spans(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let inside = c.is_alphabetic() || (c == '\'' && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push((b, end));
                start = None;
            }
            _ => {}
        }
        if c.is_alphabetic() {
            end = i + c.len_utf8();
        }
    }
    if let Some(b) = start {
        out.push((b, end));
    }
    out
}

/// The keys of one folded word: its key, and for a word with no Azerbaijani
/// letter in an Azerbaijani text also its key read as English ("Axundov" in
/// "Mirzə Fətəli Axundov" may be typed by someone who reads the x as kh).
fn keys_of(folded: &str, azerbaijani: bool) -> Vec<String> {
    let mut keys = vec![coarse(&word_key(folded, azerbaijani))];
    if azerbaijani && !folded.chars().any(is_azerbaijani_letter) {
        let english = coarse(&word_key(folded, false));
        if english != keys[0] {
            keys.push(english);
        }
    }
    keys.retain(|k| !k.is_empty() && !is_marker(k));
    keys
}

/// A word key with the letters Russian spellings blur made one: х is x or
/// h (Мехман, Mehman), ж and дж both j or c. The ranking tells them apart again.
fn coarse(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        let c = match c {
            'x' => 'g',
            'j' => 'c',
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn is_short(text: &str, words: usize) -> bool {
    words <= SHORT_WORDS && text.chars().count() <= SHORT_CHARS
}

/// The keys of each word of `text`: a short text is folded as one name is; a
/// long one word by word (an English sentence may quote one Azerbaijani word).
fn text_keys(text: &str) -> Vec<(Vec<String>, (usize, usize))> {
    let spans = word_spans(text);
    let short = is_short(text, spans.len());
    let azerbaijani = short && fold_case(text).chars().any(is_azerbaijani_letter);
    spans
        .into_iter()
        .filter(|&(b, e)| text[b..e].chars().count() <= LONGEST_WORD)
        .map(|(b, e)| {
            let folded = fold_case(&text[b..e]);
            let az = azerbaijani || folded.chars().any(is_azerbaijani_letter);
            (keys_of(&folded, az), (b, e))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Up to `SNIPPET` characters either side of the span, on word boundaries where possible.
fn snippet(text: &str, (b, e): (usize, usize)) -> String {
    let before: Vec<(usize, char)> = text[..b].char_indices().collect();
    let from = if before.len() > SNIPPET {
        let cut = before[before.len() - SNIPPET].0;
        let at_space = text[cut..b].find(' ').map_or(cut, |i| cut + i + 1);
        at_space.min(b)
    } else {
        0
    };
    let after: Vec<(usize, char)> = text[e..].char_indices().collect();
    let to = if after.len() > SNIPPET {
        let cut = e + after[SNIPPET].0;
        text[e..cut].rfind(' ').map_or(cut, |i| e + i)
    } else {
        text.len()
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(&collapse(&text[from..to]));
    if to < text.len() {
        out.push('…');
    }
    out
}

/// The terms an index keeps for `text`, each once.
pub fn index_terms(text: &str) -> Vec<Term> {
    let words = text_keys(text);
    let short = is_short(text, words.len());
    let whole = collapse(text);
    let mut out: Vec<Term> = Vec::new();
    let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    let mut keys_of_form: HashMap<String, String> = HashMap::new();
    let mut push = |term: String, form: &str| {
        if seen.insert((term.clone(), form.to_owned())) {
            let keys = keys_of_form
                .entry(form.to_owned())
                .or_insert_with(|| FormKeys::of(form).encode())
                .clone();
            out.push(Term {
                term,
                form: form.to_owned(),
                keys,
            });
        }
    };
    for (keys, span) in &words {
        let form = if short {
            whole.clone()
        } else {
            snippet(text, *span)
        };
        for k in keys {
            push(format!("w:{k}"), &form);
        }
    }
    if short {
        for (i, (a, _)) in words.iter().enumerate() {
            for (b, _) in &words[i + 1..] {
                for ka in a {
                    for kb in b {
                        if ka != kb {
                            push(pair(ka, kb), &whole);
                        }
                    }
                }
            }
        }
    }
    out
}

fn pair(a: &str, b: &str) -> String {
    if a <= b {
        format!("p:{a} {b}")
    } else {
        format!("p:{b} {a}")
    }
}

/// Per word of a query: each form word key's likeness to it.
type Likeness = Vec<HashMap<String, f64>>;

/// A search query, read as a short text is.
#[derive(Debug, Clone)]
pub struct Query {
    /// Per word of the query: its keys.
    words: Vec<Vec<String>>,
}

impl Query {
    pub fn new(q: &str) -> Query {
        let q: String = q.chars().take(SHORT_CHARS).collect();
        let spans = word_spans(&q);
        let azerbaijani = fold_case(&q).chars().any(is_azerbaijani_letter);
        let words = spans
            .into_iter()
            .map(|(b, e)| keys_of(&fold_case(&q[b..e]), azerbaijani))
            .filter(|k| !k.is_empty())
            .take(QUERY_WORDS)
            .collect();
        Query { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// A word's keys, and (`near`) those keys one letter shorter.
    fn variants(keys: &[String], near: bool) -> Vec<String> {
        if !near {
            return keys.to_vec();
        }
        let mut out: Vec<String> = Vec::new();
        for k in keys {
            for v in crate::matcher::variants(k) {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
        out
    }

    /// The `w:` terms of every word of the query: its keys, and (`near`)
    /// those keys one letter shorter.
    pub fn word_terms(&self, near: bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in &self.words {
            for v in Self::variants(w, near) {
                let t = format!("w:{v}");
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// The `p:` terms of every pair of the query's words (none for one
    /// word), from their keys and (`near`) keys one letter shorter.
    pub fn pair_terms(&self, near: bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let variants: Vec<Vec<String>> =
            self.words.iter().map(|w| Self::variants(w, near)).collect();
        for (i, a) in variants.iter().enumerate() {
            for b in &variants[i + 1..] {
                for va in a {
                    for vb in b {
                        if va != vb {
                            let t = pair(va, vb);
                            if !out.contains(&t) {
                                out.push(t);
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// How well `form` answers the query, from 0 to 1: each query word's best
    /// likeness to a word of the form, averaged; a short form with words the
    /// query did not ask for ranks a little lower, a long text lower still.
    pub fn score(&self, form: &str) -> f64 {
        self.score_keys(&FormKeys::of(form))
    }

    /// [`Query::score`] from the form's keys worked out beforehand.
    pub fn score_keys(&self, form: &FormKeys) -> f64 {
        self.score_cached(form, &mut Likeness::default())
    }

    /// [`Query::score_keys`], with each form word's likeness to the query's
    /// words worked out once for all the forms one search ranks (they share
    /// their given names and surnames).
    fn score_cached(&self, form: &FormKeys, likeness: &mut Likeness) -> f64 {
        if self.words.is_empty() {
            return 0.0;
        }
        let keys = &form.words;
        if likeness.len() < self.words.len() {
            likeness.resize_with(self.words.len(), HashMap::new);
        }
        let mut total = 0.0;
        for (qw, known) in self.words.iter().zip(likeness.iter_mut()) {
            // A form word with one of the query word's own keys is as close as any.
            let best = if keys.iter().flatten().any(|f| qw.contains(f)) {
                1.0
            } else {
                let mut best = 0.0f64;
                for f in keys.iter().flatten() {
                    let l = match known.get(f.as_str()) {
                        Some(l) => *l,
                        None => {
                            let l = qw
                                .iter()
                                .map(|q| token_similarity(q, f))
                                .fold(0.0, f64::max);
                            known.insert(f.clone(), l);
                            l
                        }
                    };
                    best = best.max(l);
                }
                best
            };
            total += best;
        }
        let mean = total / self.words.len() as f64;
        let extra = keys.len().saturating_sub(self.words.len());
        if form.short {
            mean - 0.01 * extra as f64
        } else {
            // A word in a long text answers a name less surely than a name does.
            mean - 0.08
        }
    }
}

/// The terms to look up for a query, closest first: pairs of the query's own
/// keys, pairs with a key a letter shorter, then single words the same way.
/// A reader stops at the first tiers that find enough.
pub fn tiers(q: &Query) -> Vec<Vec<String>> {
    let mut tiers: Vec<Vec<String>> = Vec::new();
    if q.len() > 1 {
        tiers.push(q.pair_terms(false));
        tiers.push(q.pair_terms(true));
    }
    tiers.push(q.word_terms(false));
    tiers.push(q.word_terms(true));
    let mut asked: Vec<String> = Vec::new();
    for tier in &mut tiers {
        tier.retain(|t| !asked.contains(t));
        asked.extend(tier.iter().cloned());
    }
    tiers.retain(|t| !t.is_empty());
    tiers
}

/// A record (or anything with an id) that answers a query, with its best text.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked<T> {
    pub id: T,
    pub field: String,
    pub form: String,
    pub score: f64,
}

/// What a term found: a text of a record, in a field, with the text's keys
/// as the index keeps them ([`Term::keys`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<T> {
    pub id: T,
    pub field: String,
    pub form: String,
    pub keys: String,
}

/// Rank what the terms found: the best form per id, at least [`MIN_SCORE`],
/// best first (ties by form, then by id), at most `limit`.
pub fn rank<T: Clone + Eq + std::hash::Hash + Ord>(
    q: &Query,
    found: impl IntoIterator<Item = Found<T>>,
    limit: usize,
) -> Vec<Ranked<T>> {
    let mut scores: HashMap<String, f64> = HashMap::new();
    let mut likeness = Likeness::default();
    let mut best: HashMap<T, Ranked<T>> = HashMap::new();
    for Found {
        id,
        field,
        form,
        keys,
    } in found
    {
        let score = *scores.entry(form.clone()).or_insert_with(|| {
            let k = FormKeys::decode(&keys).unwrap_or_else(|| FormKeys::of(&form));
            q.score_cached(&k, &mut likeness)
        });
        if score < MIN_SCORE || best.get(&id).is_some_and(|h| h.score >= score) {
            continue;
        }
        best.insert(
            id.clone(),
            Ranked {
                id,
                field,
                form,
                score,
            },
        );
    }
    let mut out: Vec<Ranked<T>> = best.into_values().collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.form.cmp(&b.form))
            .then_with(|| a.id.cmp(&b.id))
    });
    out.truncate(limit);
    out
}

/// A search index in memory, for a small corpus that is rebuilt whole (the
/// public projection): the same terms and ranking as the store's index.
#[derive(Debug, Clone, Default)]
pub struct MemoryIndex<T> {
    entries: Vec<Found<T>>,
    terms: HashMap<String, Vec<u32>>,
}

impl<T: Clone + Eq + std::hash::Hash + Ord> MemoryIndex<T> {
    pub fn new() -> Self {
        MemoryIndex {
            entries: Vec::new(),
            terms: HashMap::new(),
        }
    }

    /// Index `text`, found as `id` in `field`.
    pub fn add(&mut self, id: T, field: &str, text: &str) {
        for t in index_terms(text) {
            let at = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
            self.entries.push(Found {
                id: id.clone(),
                field: field.to_owned(),
                form: t.form,
                keys: t.keys,
            });
            self.terms.entry(t.term).or_default().push(at);
        }
    }

    pub fn search(&self, query: &str, limit: usize) -> Vec<Ranked<T>> {
        self.search_beside(&MemoryIndex::new(), &HashSet::new(), query, limit)
    }

    /// Search this index and `newer` as one index holding both, where this
    /// one's texts of `replaced` are passed over: an index kept while a few
    /// of its records change, with their texts as they are now in `newer`.
    pub fn search_beside(
        &self,
        newer: &MemoryIndex<T>,
        replaced: &HashSet<T>,
        query: &str,
        limit: usize,
    ) -> Vec<Ranked<T>> {
        let q = Query::new(query);
        let mut found: Vec<&Found<T>> = Vec::new();
        let mut ids: HashSet<&T> = HashSet::new();
        for tier in tiers(&q) {
            for t in &tier {
                for (index, kept) in [(self, true), (newer, false)] {
                    for &at in index.terms.get(t).into_iter().flatten() {
                        let entry = &index.entries[at as usize];
                        if kept && replaced.contains(&entry.id) {
                            continue;
                        }
                        found.push(entry);
                        ids.insert(&entry.id);
                    }
                }
            }
            if ids.len() >= limit {
                break;
            }
        }
        rank(&q, found.into_iter().cloned(), limit)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_index_beside_a_newer_one_answers_as_one_index_of_both() {
        let mut kept = MemoryIndex::new();
        kept.add(1, "names", "Leyla Yunus");
        kept.add(2, "names", "Arif Yunusov");
        kept.add(3, "names", "Tofig Yagublu");
        let mut newer = MemoryIndex::new();
        newer.add(1, "names", "Leyla Yunusova");
        newer.add(4, "names", "Ilgar Mammadov");
        let replaced = HashSet::from([1, 4]);
        let mut one = MemoryIndex::new();
        one.add(2, "names", "Arif Yunusov");
        one.add(3, "names", "Tofig Yagublu");
        one.add(1, "names", "Leyla Yunusova");
        one.add(4, "names", "Ilgar Mammadov");
        for query in ["Leyla Yunus", "Yunusova", "Ilgar", "Tofig", "Arif Yunusov"] {
            let beside = kept.search_beside(&newer, &replaced, query, 10);
            assert_eq!(beside, one.search(query, 10), "{query}");
        }
        let hits = kept.search_beside(&newer, &replaced, "Leyla Yunus", 10);
        assert_eq!(
            hits[0].form, "Leyla Yunusova",
            "the old text is passed over"
        );
        assert!(kept.search_beside(&newer, &replaced, "Ilgar", 10)[0].id == 4);
    }

    #[test]
    fn a_memory_index_ranks_the_closest_first() {
        let mut m = MemoryIndex::new();
        m.add(1, "names", "Leyla Yunus");
        m.add(1, "names", "Leyla İslam qızı Yunusova");
        m.add(2, "names", "Arif Yunusov");
        m.add(3, "cases", "Case of Leyla and Arif Yunus");
        let hits = m.search("Лейла Юнус", 10);
        assert_eq!(hits[0].id, 1);
        assert_eq!(hits[0].form, "Leyla Yunus");
        assert!(hits.iter().any(|h| h.id == 3));
        assert!(hits.iter().all(|h| h.id != 2), "{hits:?}");
        assert!(m.search("Zeynalabdin", 10).is_empty());
        let tiers = tiers(&Query::new("Leyla Yunus"));
        assert_eq!(tiers.len(), 4);
        assert!(tiers[0].iter().all(|t| t.starts_with("p:")));
        assert!(tiers[3].iter().all(|t| t.starts_with("w:")));
    }

    use super::*;

    fn terms(text: &str) -> Vec<String> {
        index_terms(text).into_iter().map(|t| t.term).collect()
    }

    fn finds(query: &str, text: &str) -> bool {
        let q = Query::new(query);
        let stored = terms(text);
        let wanted = if q.len() > 1 {
            q.pair_terms(true)
        } else {
            q.word_terms(true)
        };
        wanted.iter().any(|t| stored.contains(t)) && q.score(text) >= MIN_SCORE
    }

    #[test]
    fn spellings_find_each_other() {
        assert!(finds("Гусейнов", "Mehman Hüseynov"));
        assert!(finds("Ismailova", "Xədicə İsmayılova"));
        assert!(finds("ISMAYILOVA KHADIJA", "Xədicə İsmayılova"));
        assert!(finds("Джамиль Гасанлы", "Cəmil Həsənli"));
        assert!(finds("Mehman Huseynov", "Мехман Гусейнов"));
        assert!(finds(
            "Qobustan",
            "Qobustan prison (Qobustan qapalı tipli həbsxana)"
        ));
        assert!(!finds("Ismayilov", "Mehman Hüseynov"));
        assert!(!finds("Eldar Mammadov", "Elmar Qasımov"));
    }

    #[test]
    fn long_texts_give_words_with_the_words_around_them() {
        let text = "On 5 December 2014 the journalist was arrested in Baku after months of \
                    pressure; the charge of incitement to suicide was later dropped, but \
                    others were added, and the trial at the Baku Grave Crimes Court lasted \
                    months.";
        let t = index_terms(text);
        assert!(
            t.iter().all(|t| t.term.starts_with("w:")),
            "no pairs for long texts"
        );
        let suicide = t
            .iter()
            .find(|t| Query::new("suicide").word_terms(false).contains(&t.term))
            .expect("the word is indexed");
        assert!(suicide.form.contains("incitement to suicide"));
        assert!(suicide.form.starts_with('…') && suicide.form.ends_with('…'));
        assert!(suicide.form.chars().count() < 2 * SNIPPET + 20);
    }

    #[test]
    fn the_tighter_form_ranks_first() {
        let q = Query::new("Leyla Yunus");
        assert!(q.score("Leyla Yunus") > q.score("Leyla İslam qızı Yunusova"));
        assert!(q.score("Leyla İslam qızı Yunusova") >= MIN_SCORE);
        assert!(q.score("Arif Yunusov") < q.score("Leyla Yunus"));
        let long = "Letter to Leyla Yunus from the Women Peacemakers Program, The Hague";
        assert!(q.score(long) < q.score("Leyla Yunus"));
        assert!(q.score(long) >= MIN_SCORE);
    }

    #[test]
    fn kept_keys_rank_as_the_form_itself_does() {
        let forms = [
            "Xədicə İsmayılova",
            "Leyla İslam qızı Yunusova",
            "…the charge of incitement to suicide was later dropped, but others…",
            "Мехман Гусейнов",
            "",
        ];
        let queries = ["Исмаилова Хадиджа", "Leyla Yunus", "suicide", "Mehman", "x"];
        for f in forms {
            let keys = FormKeys::of(f);
            let back = FormKeys::decode(&keys.encode()).expect("round trip");
            assert_eq!(back, keys, "{f}");
            for q in queries {
                let q = Query::new(q);
                assert_eq!(q.score(f).to_bits(), q.score_keys(&back).to_bits(), "{f}");
            }
        }
        for bad in ["", "x word", "s a||b", "s  a"] {
            assert_eq!(FormKeys::decode(bad), None, "{bad:?}");
        }
        // Every term of a text carries its form's keys.
        for t in index_terms("Cəmil Həsənli") {
            assert_eq!(FormKeys::decode(&t.keys), Some(FormKeys::of(&t.form)));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_keeps_keys_that_read_back(text in "\\PC{0,60}") {
            let keys = FormKeys::of(&text);
            proptest::prop_assert_eq!(FormKeys::decode(&keys.encode()), Some(keys));
        }
    }

    #[test]
    fn hostile_and_empty_queries_are_harmless() {
        assert!(Query::new("").is_empty());
        assert!(
            Query::new("'; DROP TABLE records; --")
                .word_terms(true)
                .len()
                < 40
        );
        assert!(Query::new("123 456").is_empty());
        let long = "Ab ".repeat(10_000);
        let q = Query::new(&long);
        assert!(q.len() <= QUERY_WORDS);
        assert!(q.pair_terms(true).len() < 2_000);
        assert!(index_terms("").is_empty());
        // A run of letters no word is that long gives no term, and the
        // words around it are still found, with a snippet of bounded size.
        let text = format!("before {} after words", "картошка".repeat(2_500));
        let t = index_terms(&text);
        assert!(!t.is_empty());
        assert!(t.iter().all(|t| t.term.len() < 200 && t.form.len() < 1_000));
        assert!(t.iter().any(|t| t.form.contains("before")));
    }
}
