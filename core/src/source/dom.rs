//! A small arena DOM that html5ever builds, keeping the source line of
//! every element and text node. html5ever's own tree types (rcdom) and
//! scraper's keep no positions; provenance needs the line of each `<tr>`,
//! so the tree sink records the tokenizer's current line as it creates
//! nodes (`TreeSink::set_current_line`). The tree building itself — implied
//! tags, misnested markup, foster parenting of text out of tables — is all
//! html5ever's: this file only stores what it is told.

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

/// An index into [`Dom::nodes`].
pub type NodeId = usize;

#[derive(Debug)]
pub enum NodeKind {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
    },
    Text(String),
    /// Comments, doctypes and processing instructions: never read.
    Other,
}

#[derive(Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// 1-based line of the source where the node was created.
    pub line: u32,
}

/// The parsed page.
#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
}

impl Dom {
    /// Parse a page (or a fragment such as an agenda item's HTML field) as
    /// a browser would.
    pub fn parse(html: &str) -> Dom {
        let sink = Sink {
            nodes: RefCell::new(vec![Node {
                kind: NodeKind::Document,
                parent: None,
                children: Vec::new(),
                line: 1,
            }]),
            line: Cell::new(1),
        };
        html5ever::parse_document(sink, Default::default()).one(html)
    }

    /// The element's local name ("table", "td"), or "" for other nodes.
    pub fn tag(&self, id: NodeId) -> &str {
        match &self.nodes[id].kind {
            NodeKind::Element { name, .. } => &name.local,
            _ => "",
        }
    }

    /// An attribute's value.
    pub fn attr(&self, id: NodeId, key: &str) -> Option<&str> {
        match &self.nodes[id].kind {
            NodeKind::Element { attrs, .. } => attrs
                .iter()
                .find(|a| &*a.name.local == key)
                .map(|a| &*a.value),
            _ => None,
        }
    }
}

struct Sink {
    nodes: RefCell<Vec<Node>>,
    line: Cell<u32>,
}

/// The name `elem_name` answers for a node that is not an element
/// (html5ever does not ask, but must get an answer).
static NO_NAME: std::sync::LazyLock<QualName> =
    std::sync::LazyLock::new(|| QualName::new(None, html5ever::ns!(), html5ever::local_name!("")));

impl Sink {
    fn push(&self, kind: NodeKind) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            kind,
            parent: None,
            children: Vec::new(),
            line: self.line.get(),
        });
        nodes.len() - 1
    }

    fn detach(nodes: &mut [Node], child: NodeId) {
        if let Some(parent) = nodes[child].parent.take() {
            nodes[parent].children.retain(|&c| c != child);
        }
    }

    /// Insert `child` into `parent` at `position` (None: at the end); text
    /// next to a text node is merged into it, as the DOM does.
    fn insert(&self, parent: NodeId, position: Option<usize>, child: NodeOrText<NodeId>) {
        let mut nodes = self.nodes.borrow_mut();
        let at = position.unwrap_or(nodes[parent].children.len());
        match child {
            NodeOrText::AppendText(text) => {
                let before = at.checked_sub(1).map(|i| nodes[parent].children[i]);
                if let Some(prev) = before {
                    if let NodeKind::Text(existing) = &mut nodes[prev].kind {
                        existing.push_str(&text);
                        return;
                    }
                }
                nodes.push(Node {
                    kind: NodeKind::Text(text.to_string()),
                    parent: Some(parent),
                    children: Vec::new(),
                    line: self.line.get(),
                });
                let id = nodes.len() - 1;
                nodes[parent].children.insert(at, id);
            }
            NodeOrText::AppendNode(id) => {
                Self::detach(&mut nodes, id);
                // Detaching may have shifted the position by one.
                let at = at.min(nodes[parent].children.len());
                nodes[id].parent = Some(parent);
                nodes[parent].children.insert(at, id);
            }
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    // Real pages are full of markup errors; the tree builder recovers from
    // each as browsers do, and the reading needs no report of them.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| match &nodes[*target].kind {
            NodeKind::Element { name, .. } => name,
            _ => &NO_NAME,
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> NodeId {
        self.push(NodeKind::Element { name, attrs })
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.push(NodeKind::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.push(NodeKind::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.insert(*parent, None, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        *target
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let (parent, at) = {
            let mut nodes = self.nodes.borrow_mut();
            let Some(parent) = nodes[*sibling].parent else {
                return;
            };
            // A node moved to just before its sibling is taken out first:
            // its removal shifts the sibling's index when it stood earlier
            // in the same parent.
            if let NodeOrText::AppendNode(id) = &new_node {
                Self::detach(&mut nodes, *id);
            }
            let at = nodes[parent].children.iter().position(|c| c == sibling);
            (parent, at)
        };
        self.insert(parent, at, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let NodeKind::Element { attrs: have, .. } = &mut nodes[*target].kind {
            for attr in attrs {
                if !have.iter().any(|a| a.name == attr.name) {
                    have.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        let children = std::mem::take(&mut nodes[*node].children);
        for &c in &children {
            nodes[c].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }

    fn set_current_line(&self, line_number: u64) {
        self.line
            .set(u32::try_from(line_number).unwrap_or(u32::MAX));
    }
}
