//! The components the platforms provide: a template may use these tags without declaring
//! them in `usingComponents`. (The WeChat list; Kuaishou's is a subset of the same names.)

/// Built-in component tags, sorted for binary search.
const BUILTIN_TAGS: &[&str] = &[
    "ad",
    "ad-custom",
    "aria-component",
    "audio",
    "block",
    "button",
    "camera",
    "canvas",
    "channel-live",
    "channel-video",
    "checkbox",
    "checkbox-group",
    "cover-image",
    "cover-view",
    "draggable-sheet",
    "editor",
    "form",
    "functional-page-navigator",
    "grid-builder",
    "grid-view",
    "icon",
    "image",
    "import",
    "include",
    "input",
    "keyboard-accessory",
    "label",
    "list-builder",
    "list-view",
    "live-player",
    "live-pusher",
    "map",
    "match-media",
    "movable-area",
    "movable-view",
    "native-component",
    "navigation-bar",
    "navigator",
    "nested-scroll-body",
    "nested-scroll-header",
    "official-account",
    "open-container",
    "open-data",
    "page-container",
    "page-meta",
    "picker",
    "picker-view",
    "picker-view-column",
    "progress",
    "radio",
    "radio-group",
    "rich-text",
    "root-portal",
    "scroll-view",
    "share-element",
    "slider",
    "slot",
    "snapshot",
    "span",
    "sticky-header",
    "sticky-section",
    "store-container",
    "store-product",
    "swiper",
    "swiper-item",
    "switch",
    "template",
    "text",
    "textarea",
    "video",
    "view",
    "voip-room",
    "web-view",
];

/// Whether `tag` is a component the platform provides.
pub fn is_builtin_tag(tag: &str) -> bool {
    BUILTIN_TAGS.binary_search(&tag).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_answers() {
        assert!(BUILTIN_TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_builtin_tag("view") && is_builtin_tag("scroll-view"));
        assert!(!is_builtin_tag("div") && !is_builtin_tag("product-card"));
    }
}
