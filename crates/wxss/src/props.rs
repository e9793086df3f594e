//! The properties mpsim styles, lays out and paints: one line each, with the kind of value
//! it takes, whether it inherits, and its initial value. Any other property still cascades
//! (queries report it), but nothing draws it.

/// The kind of value a property takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A length or percentage (`10px`, `50%`, `auto`).
    Length,
    /// Four lengths or less, for the sides or corners of a box.
    Sides,
    Color,
    /// One of a fixed set of words.
    Keyword,
    Number,
    /// Several properties at once.
    Shorthand,
    /// Images, gradients, shadows, transforms, grid tracks and fonts: parsed where drawn.
    Composite,
}

/// One line of the table.
#[derive(Debug, Clone, Copy)]
pub struct Property {
    pub name: &'static str,
    pub kind: Kind,
    pub inherited: bool,
    pub initial: &'static str,
}

const fn p(name: &'static str, kind: Kind, inherited: bool, initial: &'static str) -> Property {
    Property {
        name,
        kind,
        inherited,
        initial,
    }
}

use Kind::*;

/// Sorted by name.
pub const PROPERTIES: &[Property] = &[
    p("-webkit-line-clamp", Number, false, "none"),
    p("-webkit-text-stroke", Composite, true, "0 currentcolor"),
    p("align-content", Keyword, false, "normal"),
    p("align-items", Keyword, false, "normal"),
    p("align-self", Keyword, false, "auto"),
    p("aspect-ratio", Number, false, "auto"),
    p("background", Shorthand, false, "none"),
    p("background-color", Color, false, "transparent"),
    p("background-image", Composite, false, "none"),
    p("border", Shorthand, false, "none"),
    p("border-color", Color, false, "currentcolor"),
    p("border-radius", Sides, false, "0"),
    p("border-style", Keyword, false, "none"),
    p("border-width", Sides, false, "medium"),
    p("bottom", Length, false, "auto"),
    p("box-shadow", Composite, false, "none"),
    p("box-sizing", Keyword, false, "content-box"),
    p("color", Color, true, "canvastext"),
    p("column-gap", Length, false, "normal"),
    p("cursor", Keyword, true, "auto"),
    p("direction", Keyword, true, "ltr"),
    p("display", Keyword, false, "inline"),
    p("flex", Shorthand, false, "0 1 auto"),
    p("flex-basis", Length, false, "auto"),
    p("flex-direction", Keyword, false, "row"),
    p("flex-flow", Shorthand, false, "row nowrap"),
    p("flex-grow", Number, false, "0"),
    p("flex-shrink", Number, false, "1"),
    p("flex-wrap", Keyword, false, "nowrap"),
    p("font", Shorthand, true, "normal"),
    p("font-family", Composite, true, "sans-serif"),
    p("font-size", Length, true, "medium"),
    p("font-style", Keyword, true, "normal"),
    p("font-variant", Keyword, true, "normal"),
    p("font-weight", Keyword, true, "normal"),
    p("gap", Shorthand, false, "normal"),
    p("grid-auto-columns", Composite, false, "auto"),
    p("grid-auto-flow", Keyword, false, "row"),
    p("grid-auto-rows", Composite, false, "auto"),
    p("grid-template-columns", Composite, false, "none"),
    p("grid-template-rows", Composite, false, "none"),
    p("height", Length, false, "auto"),
    p("justify-content", Keyword, false, "normal"),
    p("left", Length, false, "auto"),
    p("letter-spacing", Length, true, "normal"),
    p("line-height", Length, true, "normal"),
    p("list-style", Shorthand, true, "disc"),
    p("list-style-type", Keyword, true, "disc"),
    p("margin", Sides, false, "0"),
    p("max-height", Length, false, "none"),
    p("max-width", Length, false, "none"),
    p("min-height", Length, false, "auto"),
    p("min-width", Length, false, "auto"),
    p("opacity", Number, false, "1"),
    p("order", Number, false, "0"),
    p("overflow", Shorthand, false, "visible"),
    p("overflow-wrap", Keyword, true, "normal"),
    p("overflow-x", Keyword, false, "visible"),
    p("overflow-y", Keyword, false, "visible"),
    p("padding", Sides, false, "0"),
    p("position", Keyword, false, "static"),
    p("right", Length, false, "auto"),
    p("row-gap", Length, false, "normal"),
    p("text-align", Keyword, true, "start"),
    p("text-decoration-color", Color, true, "currentcolor"),
    p("text-indent", Length, true, "0"),
    p("text-overflow", Keyword, false, "clip"),
    p("text-shadow", Composite, true, "none"),
    p("text-transform", Keyword, true, "none"),
    p("top", Length, false, "auto"),
    p("transform", Composite, false, "none"),
    p("vertical-align", Keyword, false, "baseline"),
    p("visibility", Keyword, true, "visible"),
    p("white-space", Keyword, true, "normal"),
    p("width", Length, false, "auto"),
    p("word-break", Keyword, true, "normal"),
    p("word-spacing", Length, true, "normal"),
    p("word-wrap", Keyword, true, "normal"),
    p("z-index", Number, false, "auto"),
];

/// The table's line for `name`.
pub fn property(name: &str) -> Option<&'static Property> {
    PROPERTIES
        .binary_search_by(|p| p.name.cmp(name))
        .ok()
        .map(|i| &PROPERTIES[i])
}

/// Whether `name` inherits from the parent when a node declares none.
pub fn inherited(name: &str) -> bool {
    property(name).is_some_and(|p| p.inherited)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_says_what_inherits() {
        assert!(PROPERTIES.windows(2).all(|w| w[0].name < w[1].name));
        assert!(inherited("color") && inherited("font-size") && inherited("white-space"));
        assert!(!inherited("margin") && !inherited("display") && !inherited("--x"));
        assert!(!inherited("unknown-thing"));
        assert_eq!(property("flex-shrink").map(|p| p.initial), Some("1"));
    }
}
