//! Small, bounded accessors over lopdf's object graph: every lookup follows at
//! most a few references, and stream data is decoded under a size limit.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Longest reference chain followed (`1 0 R` → `2 0 R` → …).
const MAX_REFS: usize = 16;
/// Largest decoded stream read (a content stream, a font's CMap).
pub(crate) const MAX_STREAM: usize = 64 * 1024 * 1024;

/// The object behind `obj`, following references; `Null` when a reference dangles.
pub(crate) fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    let mut o = obj;
    for _ in 0..MAX_REFS {
        match o {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(next) => o = next,
                None => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

/// The id `obj` refers to, if it is a reference.
pub(crate) fn ref_id(obj: &Object) -> Option<ObjectId> {
    match obj {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

pub(crate) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().map(|o| resolve(doc, o)).filter(|o| !matches!(o, Object::Null))
}

pub(crate) fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub(crate) fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

pub(crate) fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a.as_slice()),
        _ => None,
    }
}

pub(crate) fn number(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

pub(crate) fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    get(doc, dict, key).and_then(number)
}

/// Numbers of an array (`/MediaBox`, `/Matrix`), resolved.
pub(crate) fn numbers(doc: &Document, items: &[Object]) -> Vec<f64> {
    items.iter().filter_map(|o| number(resolve(doc, o))).collect()
}

/// The decoded data of a stream object, or `None` when it is not a stream or
/// does not decode within [`MAX_STREAM`].
pub(crate) fn stream_data(doc: &Document, obj: &Object) -> Option<Vec<u8>> {
    match resolve(doc, obj) {
        Object::Stream(s) => match s.get_plain_content_with_limit(MAX_STREAM) {
            Ok(data) => Some(data),
            // A stream with an unknown filter is read raw: a text CMap is often
            // stored uncompressed behind a bogus filter.
            Err(_) if s.content.len() <= MAX_STREAM => Some(s.content.clone()),
            Err(_) => None,
        },
        _ => None,
    }
}
