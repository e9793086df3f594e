//! The tree styles are computed over: what the view knows of each node that selectors can see.

/// A style scope: 0 is the page (app.wxss and the page's own style); each component instance's
/// template has its own.
pub type ScopeId = u32;
pub const PAGE_SCOPE: ScopeId = 0;
/// The scope of the built-in components' default styles: visible everywhere.
pub const UA_SCOPE: ScopeId = u32::MAX;

pub type NodeRef = usize;

/// How a component's styles meet the page's (`styleIsolation`, `addGlobalClass`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Isolation {
    #[default]
    Isolated,
    /// Page styles reach into the component (also what `addGlobalClass: true` means).
    ApplyShared,
    /// Page styles reach in, and the component's styles reach out.
    Shared,
}

impl Isolation {
    pub fn from_config(style_isolation: Option<&str>, add_global_class: bool) -> Isolation {
        match style_isolation {
            Some("shared") | Some("page-shared") => Isolation::Shared,
            Some("apply-shared") | Some("page-apply-shared") => Isolation::ApplyShared,
            Some("isolated") | Some("page-isolated") => Isolation::Isolated,
            _ if add_global_class => Isolation::ApplyShared,
            _ => Isolation::Isolated,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct StyleNode {
    pub tag: String,
    pub id: Option<String>,
    /// Class names with the scope each was written in (`~x` is page scope, `^x` the parent
    /// component's, an external class is the scope of whoever passed it).
    pub classes: Vec<(String, ScopeId)>,
    pub attrs: Vec<(String, String)>,
    /// The inline `style` attribute.
    pub style: Option<String>,
    /// The scope of the template that created this node.
    pub scope: ScopeId,
    /// When this node hosts a component, that component's scope (for `:host`).
    pub host_of: Option<ScopeId>,
    pub text: Option<String>,
    /// Set by [`StyleTree::push`].
    pub parent: Option<NodeRef>,
    pub children: Vec<NodeRef>,
    pub index: usize,
}

/// A node tree plus the isolation mode of each component scope.
#[derive(Debug, Clone, Default)]
pub struct StyleTree {
    nodes: Vec<StyleNode>,
    isolation: Vec<(ScopeId, Isolation)>,
}

impl StyleTree {
    pub fn new() -> StyleTree {
        StyleTree::default()
    }

    /// Adds a node as the last child of `parent` (or as a root) and returns its handle.
    pub fn push(&mut self, parent: Option<NodeRef>, mut node: StyleNode) -> NodeRef {
        let r = self.nodes.len();
        node.parent = parent;
        node.children.clear();
        if let Some(p) = parent {
            node.index = self.nodes[p].children.len();
            self.nodes[p].children.push(r);
        }
        self.nodes.push(node);
        r
    }

    pub fn set_isolation(&mut self, scope: ScopeId, iso: Isolation) {
        self.isolation.retain(|(s, _)| *s != scope);
        self.isolation.push((scope, iso));
    }

    pub fn isolation(&self, scope: ScopeId) -> Isolation {
        self.isolation
            .iter()
            .find(|(s, _)| *s == scope)
            .map(|(_, i)| *i)
            .unwrap_or_default()
    }

    /// Whether rules of a sheet in scope `sheet` may style things written in scope `target`.
    pub fn visible(&self, sheet: ScopeId, target: ScopeId) -> bool {
        sheet == target
            || sheet == UA_SCOPE
            || (sheet == PAGE_SCOPE && self.isolation(target) != Isolation::Isolated)
            || (target == PAGE_SCOPE && self.isolation(sheet) == Isolation::Shared)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, r: NodeRef) -> &StyleNode {
        &self.nodes[r]
    }

    pub fn parent(&self, r: NodeRef) -> Option<NodeRef> {
        self.nodes[r].parent
    }

    pub fn children(&self, r: NodeRef) -> &[NodeRef] {
        &self.nodes[r].children
    }

    pub fn index_in_parent(&self, r: NodeRef) -> usize {
        self.nodes[r].index
    }

    pub fn sibling_count(&self, r: NodeRef) -> usize {
        self.parent(r)
            .map(|p| self.nodes[p].children.len())
            .unwrap_or(1)
    }

    pub fn prev_sibling(&self, r: NodeRef) -> Option<NodeRef> {
        let p = self.parent(r)?;
        let i = self.nodes[r].index;
        (i > 0).then(|| self.nodes[p].children[i - 1])
    }

    pub fn next_sibling(&self, r: NodeRef) -> Option<NodeRef> {
        let p = self.parent(r)?;
        self.nodes[p].children.get(self.nodes[r].index + 1).copied()
    }

    /// A class selector from a sheet of scope `sheet` matches a class written in a scope the
    /// sheet may style.
    pub fn has_class(&self, r: NodeRef, name: &str, sheet: ScopeId) -> bool {
        self.nodes[r]
            .classes
            .iter()
            .any(|(c, s)| c == name && self.visible(sheet, *s))
    }
}

impl crate::index::StyledTree for StyleTree {
    fn scope(&self, n: NodeRef) -> ScopeId {
        self.nodes[n].scope
    }

    fn visible(&self, sheet: ScopeId, target: ScopeId) -> bool {
        StyleTree::visible(self, sheet, target)
    }

    fn keys(&self, n: NodeRef, out: &mut crate::index::NodeKeys) {
        let node = &self.nodes[n];
        out.id.clone_from(&node.id);
        out.classes
            .extend(node.classes.iter().map(|(c, _)| c.clone()));
        out.tag.push_str(&node.tag);
    }
}

/// Splits a `class` attribute into scoped classes: `~x` belongs to the page, `^x` to the parent
/// component (`^^x` to its parent, and so on), anything else to `own`.
pub fn scoped_classes(
    class_attr: &str,
    own: ScopeId,
    ancestors: &[ScopeId],
) -> Vec<(String, ScopeId)> {
    class_attr
        .split_whitespace()
        .map(|c| {
            if let Some(rest) = c.strip_prefix('~') {
                (rest.to_string(), PAGE_SCOPE)
            } else if c.starts_with('^') {
                let ups = c.chars().take_while(|ch| *ch == '^').count();
                let scope = ancestors.get(ups - 1).copied().unwrap_or(PAGE_SCOPE);
                (c[ups..].to_string(), scope)
            } else {
                (c.to_string(), own)
            }
        })
        .collect()
}
