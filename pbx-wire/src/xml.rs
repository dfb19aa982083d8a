//! A direct path from an XML response body to the generated types, without the document tree:
//! quick-xml's events are read straight into each field's slot.
//!
//! Like [`crate::json`], it only ever takes the easy road. Every method returns `None` at the
//! first thing it is not sure about (a syntax error, a duplicate, a field read twice, text
//! where an element was expected, a value that does not parse, a required field that is
//! absent), and the caller then decodes the body through the tree (`crate::tree`), which gives
//! the exact result or the exact error. When it returns a value, it is the value the tree path
//! would return: the same quick-xml reader and configuration, the same checks of attributes,
//! text and references (shared with the tree's parser), the same depth cap, and elements it
//! does not read are parsed by the tree's own code and dropped.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};

use crate::endpoint::Fields;
use crate::envelope::{Envelope, STATUS_ROOT};
use crate::tree::MAX_DEPTH;
use crate::tree::xml as tree;

/// Elements an envelope claims: called with each child element no field of the type reads;
/// returns `Some(true)` when it read the element, `Some(false)` when the element is not its own
/// (it is then skipped), `None` to give up.
pub type Extra<'e, 'a> = dyn FnMut(&mut Reader<'a>, &Node<'a>) -> Option<bool> + 'e;

/// No envelope elements: every unknown child is skipped.
pub fn no_extra(_: &mut Reader<'_>, _: &Node<'_>) -> Option<bool> {
    Some(false)
}

/// Reads an element no field of the type claims anything of (a type without fields): its
/// attributes are checked, each child is offered to `extra`, then skipped.
#[inline]
pub fn no_children<'a>(
    r: &mut Reader<'a>,
    node: &Node<'a>,
    extra: &mut Extra<'_, 'a>,
) -> Option<()> {
    node.check_attributes()?;
    let mut children = r.open(node);
    while let Some(child) = r.next_child(&mut children)? {
        if !extra(r, &child)? {
            r.skip(&child)?;
        }
    }
    Some(())
}

/// The most attributes one element may carry on the direct path (duplicates are looked for
/// among them without allocating); more, and the tree decides.
const MAX_ATTRIBUTES: usize = 24;

/// An XML body being read element by element.
pub struct Reader<'a> {
    text: &'a str,
    inner: quick_xml::Reader<&'a [u8]>,
}

/// An element whose start tag was just read: its name and attributes, whether it is empty
/// (`<x/>`), and its nesting (the root is 1).
pub struct Node<'a> {
    start: BytesStart<'a>,
    empty: bool,
    depth: usize,
}

impl<'a> Node<'a> {
    /// The element's name.
    #[inline]
    pub fn name(&self) -> &str {
        self.start.name().0
    }

    /// The element's attributes, checked one by one as they are read.
    #[inline]
    pub fn attributes(&self) -> Attrs<'_> {
        Attrs {
            inner: tree::attribute_iter(&self.start),
            seen: [&[]; MAX_ATTRIBUTES],
            count: 0,
        }
    }

    /// Checks every attribute of the element, for an element whose attributes no field reads.
    #[inline]
    pub fn check_attributes(&self) -> Option<()> {
        // Most elements have none: no table of names seen to set up.
        if tree::attribute_iter(&self.start).is_none() {
            return Some(());
        }
        let mut attrs = self.attributes();
        while attrs.next()?.is_some() {}
        Some(())
    }
}

/// The attributes of a [`Node`], each checked as the tree checks it: well-formed, no
/// character XML forbids, no name twice.
pub struct Attrs<'n> {
    inner: Option<tree::AttrIter<'n>>,
    seen: [&'n [u8]; MAX_ATTRIBUTES],
    count: usize,
}

impl<'n> Attrs<'n> {
    /// The next attribute (name, unescaped and normalised value); `Some(None)` after the last,
    /// `None` to give up.
    #[inline]
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Option<(&'n str, Cow<'n, str>)>> {
        let Some(attr) = self.inner.as_mut().and_then(Iterator::next) else {
            return Some(None);
        };
        let (key, value) = attr.ok()?;
        let bytes = key.as_bytes();
        if self.count == MAX_ATTRIBUTES || self.seen[..self.count].contains(&bytes) {
            return None;
        }
        self.seen[self.count] = bytes;
        self.count += 1;
        Some(Some((key, value)))
    }
}

/// The content of an element being read child by child ([`Reader::open`]).
pub struct Children {
    depth: usize,
    done: bool,
    text: bool,
}

impl Children {
    /// Whether the element held text other than whitespace (known once the last child has
    /// been read).
    #[inline]
    pub fn held_text(&self) -> bool {
        self.text
    }
}

impl<'a> Reader<'a> {
    /// A reader over `body` positioned at its root element, which it returns; `None` if the
    /// body is not UTF-8 or anything before the root is not plain (a DOCTYPE, text).
    pub fn new(body: &'a [u8]) -> Option<(Self, Node<'a>)> {
        let text = std::str::from_utf8(body).ok()?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut r = Reader {
            text,
            inner: quick_xml::Reader::from_str(text),
        };
        loop {
            match r.inner.read_event().ok()? {
                Event::Start(start) => {
                    let node = Node {
                        start,
                        empty: false,
                        depth: 1,
                    };
                    return Some((r, node));
                }
                Event::Empty(start) => {
                    let node = Node {
                        start,
                        empty: true,
                        depth: 1,
                    };
                    return Some((r, node));
                }
                Event::Text(t) if tree::is_blank(&t) || t.xml10_content().trim().is_empty() => {}
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                _ => return None,
            }
        }
    }

    /// Whether only whitespace, comments and processing instructions follow the root element
    /// (call once the root has been read).
    pub fn end(&mut self) -> Option<()> {
        loop {
            match self.inner.read_event().ok()? {
                Event::Eof => return Some(()),
                Event::Text(t) if tree::is_blank(&t) || t.xml10_content().trim().is_empty() => {}
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                _ => return None,
            }
        }
    }

    /// Starts reading the content of `node`: call [`Reader::next_child`] until it has no
    /// more, reading each child through this reader ([`Reader::text`], [`Reader::skip`], a
    /// generated `read_xml`).
    #[inline]
    pub fn open(&self, node: &Node<'a>) -> Children {
        Children {
            depth: node.depth + 1,
            done: node.empty,
            text: false,
        }
    }

    /// The next child element of the content being read; `Some(None)` at its end tag, `None`
    /// to give up. Text between children is checked and dropped (noted for
    /// [`Children::held_text`]).
    pub fn next_child(&mut self, children: &mut Children) -> Option<Option<Node<'a>>> {
        if children.done {
            return Some(None);
        }
        let depth = children.depth;
        loop {
            match self.inner.read_event().ok()? {
                Event::Start(start) if depth <= MAX_DEPTH => {
                    return Some(Some(Node {
                        start,
                        empty: false,
                        depth,
                    }));
                }
                Event::Empty(start) => {
                    return Some(Some(Node {
                        start,
                        empty: true,
                        depth,
                    }));
                }
                Event::End(_) => {
                    children.done = true;
                    return Some(None);
                }
                // Indentation, the usual text between children: nothing to check or keep.
                Event::Text(t) if tree::is_blank(&t) => {}
                Event::Text(t) => {
                    let t = tree::text_content(t).ok()?;
                    children.text |= !t.trim().is_empty();
                }
                Event::CData(c) => {
                    let c = c.into_inner();
                    tree::check_chars(&c).ok()?;
                    children.text |= !c.trim().is_empty();
                }
                Event::GeneralRef(r) => {
                    children.text |= !tree::reference(&r).ok()?.is_whitespace();
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                _ => return None,
            }
        }
    }

    /// The text of a scalar element (`<x/>` is `""`), its attributes checked; `None` if it
    /// holds a child element.
    #[inline]
    pub fn text(&mut self, node: &Node<'a>) -> Option<Cow<'a, str>> {
        node.check_attributes()?;
        if node.empty {
            return Some(Cow::Borrowed(""));
        }
        let mut text: Option<Cow<'a, str>> = None;
        loop {
            let piece = match self.inner.read_event().ok()? {
                Event::End(_) => return Some(text.unwrap_or(Cow::Borrowed(""))),
                // Checked and line ends normalised by `text_content`; the rest checked below.
                Event::Text(t) => tree::text_content(t).ok()?,
                Event::CData(c) => checked(c.into_inner())?,
                Event::GeneralRef(r) => checked(Cow::Owned(tree::reference(&r).ok()?.to_string()))?,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
                _ => return None,
            };
            match &mut text {
                None => text = Some(piece),
                Some(existing) => existing.to_mut().push_str(&piece),
            }
        }
    }

    /// Reads past an element no field reads, checking it as the tree would parse it.
    pub fn skip(&mut self, node: &Node<'a>) -> Option<()> {
        if node.empty {
            tree::element(self.text, &node.start).ok()?;
        } else {
            tree::nested(self.text, &mut self.inner, &node.start, node.depth).ok()?;
        }
        Some(())
    }
}

/// `text` if it holds no character XML forbids.
fn checked(text: Cow<'_, str>) -> Option<Cow<'_, str>> {
    tree::check_chars(&text).ok()?;
    Some(text)
}

impl Envelope {
    /// Decodes a successful XML response straight into `R`, without the document tree, when
    /// the body is plainly one; `None` otherwise (errors, vendor errors and anything unusual
    /// take the tree path through [`Envelope::open_response`], which has the last word).
    pub fn read_xml_success<R: Fields>(self, body: &[u8], rpc_method: Option<&str>) -> Option<R> {
        let mut value = None;
        self.read_xml_envelope(body, rpc_method, &mut |r, node, extra| {
            value = Some(R::read_xml(r, node, extra)?);
            Some(())
        })?;
        value
    }

    /// [`Envelope::read_xml_success`] with the result read by `read` (called once, with the
    /// element holding the fields and the envelope's claims): not generic, so it is compiled
    /// once rather than once per endpoint.
    fn read_xml_envelope<'a>(
        self,
        body: &'a [u8],
        rpc_method: Option<&str>,
        read: &mut dyn FnMut(&mut Reader<'a>, &Node<'a>, &mut Extra<'_, 'a>) -> Option<()>,
    ) -> Option<()> {
        let (mut r, root) = Reader::new(body)?;
        match self {
            Envelope::Status if root.name() == STATUS_ROOT => {
                let mut seen = false;
                read(&mut r, &root, &mut |r, node| match node.name() {
                    "status" if !seen => {
                        seen = true;
                        let status = r.text(node)?;
                        status
                            .trim()
                            .eq_ignore_ascii_case("success")
                            .then_some(true)
                    }
                    // A second status, or an `errno` (which a failure without a code reads).
                    "status" | "errno" => None,
                    _ => Some(false),
                })?;
                seen.then_some(())?;
            }
            Envelope::Switchvox if root.name() == "response" => {
                let mut attrs = root.attributes();
                while let Some((key, value)) = attrs.next()? {
                    if key == "method" && rpc_method.is_some_and(|m| m != value) {
                        return None;
                    }
                }
                let mut result = false;
                let mut children = r.open(&root);
                while let Some(node) = r.next_child(&mut children)? {
                    match node.name() {
                        "result" if !result => {
                            result = true;
                            read(&mut r, &node, &mut no_extra)?;
                        }
                        // A second result, errors, or the method as an element.
                        "result" | "errors" | "method" => return None,
                        _ => r.skip(&node)?,
                    }
                }
                result.then_some(())?;
            }
            _ => return None,
        }
        r.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every child's name and text, the way a generated reader with string fields reads them.
    fn fields(body: &str) -> Option<Vec<(String, String)>> {
        let (mut r, root) = Reader::new(body.as_bytes())?;
        root.check_attributes()?;
        let mut out = Vec::new();
        let mut children = r.open(&root);
        while let Some(child) = r.next_child(&mut children)? {
            let name = child.name().to_owned();
            let text = r.text(&child)?.into_owned();
            out.push((name, text));
        }
        r.end()?;
        Some(out)
    }

    #[test]
    fn reads_text_children_and_gives_up_on_anything_else() {
        assert_eq!(
            fields("<?xml version=\"1.0\"?>\n<xml>\n\t<a>x &amp; y</a>\n\t<b/>\n</xml>\n"),
            Some(vec![("a".into(), "x & y".into()), ("b".into(), "".into())])
        );
        for body in [
            "<xml><a><b/></a></xml>",
            "<xml><a>x</a></xml><y/>",
            "<xml><a>x</a></xml>text",
            "<xml><a>\u{1}</a></xml>",
            "<xml><a>&unknown;</a></xml>",
            "<xml a=\"1\" a=\"2\"><a>x</a></xml>",
            "<xml><a c=\"1\" c=\"2\">x</a></xml>",
            "<!DOCTYPE xml><xml/>",
            "<xml><a>x</b></xml>",
            "<xml><a>x</a>",
            "",
        ] {
            assert_eq!(fields(body), None, "{body}");
        }
    }

    #[test]
    fn text_is_read_as_xml_reads_it_whether_or_not_it_is_plain() {
        // Plain text is borrowed as it is; line ends are normalised; what XML forbids is
        // refused, in a field's text and between children alike.
        assert_eq!(
            fields("<xml>\r\n\t<a>caf\u{e9} 12</a>\r\n\t<b>one\r\ntwo\rthree</b>\r\n</xml>"),
            Some(vec![
                ("a".into(), "caf\u{e9} 12".into()),
                ("b".into(), "one\ntwo\nthree".into())
            ])
        );
        assert_eq!(
            fields("<xml><a>\u{fffd}\u{feff}</a></xml>"),
            Some(vec![("a".into(), "\u{fffd}\u{feff}".into())])
        );
        for body in [
            "<xml><a>x\u{fffe}</a></xml>",
            "<xml><a>\r\u{b}</a></xml>",
            "<xml>\n\u{1}<a>x</a></xml>",
            "<xml>\n\u{ffff}<a>x</a></xml>",
        ] {
            assert_eq!(fields(body), None, "{body:?}");
        }
    }

    #[test]
    fn skipping_checks_what_it_skips() {
        let read = |body: &str| -> Option<()> {
            let (mut r, root) = Reader::new(body.as_bytes())?;
            let mut children = r.open(&root);
            while let Some(child) = r.next_child(&mut children)? {
                r.skip(&child)?;
            }
            r.end()
        };
        assert_eq!(read("<r><s a=\"1\"><t>x</t></s><u/></r>"), Some(()));
        assert_eq!(read("<r><s><t a=\"1\" a=\"1\"/></s></r>"), None);
        assert_eq!(read("<r><s><t>&bad;</t></s></r>"), None);
        let deep = format!("<r>{}{}</r>", "<a>".repeat(40), "</a>".repeat(40));
        assert_eq!(read(&deep), None);
    }
}
