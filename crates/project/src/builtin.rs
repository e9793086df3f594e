//! The components the platforms provide: a template may use these tags without declaring
//! them in `usingComponents`. (The WeChat list, Skyline's gesture handlers included;
//! Kuaishou's is a subset of the same names.)

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
    "double-tap-gesture-handler",
    "draggable-sheet",
    "editor",
    "force-press-gesture-handler",
    "form",
    "functional-page-navigator",
    "grid-builder",
    "grid-view",
    "horizontal-drag-gesture-handler",
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
    "long-press-gesture-handler",
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
    "open-data-item",
    "open-data-list",
    "page-container",
    "page-meta",
    "pan-gesture-handler",
    "picker",
    "picker-view",
    "picker-view-column",
    "progress",
    "radio",
    "radio-group",
    "rich-text",
    "root-portal",
    "scale-gesture-handler",
    "scroll-view",
    "selection",
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
    "tap-gesture-handler",
    "template",
    "text",
    "textarea",
    "vertical-drag-gesture-handler",
    "video",
    "view",
    "voip-room",
    "web-view",
];

/// Whether `tag` is a component the platform provides. In a component rendered by XR-FRAME
/// (`"renderer": "xr-frame"` in its json) every `xr-` element is one too.
pub fn is_builtin_tag(tag: &str, xr_frame: bool) -> bool {
    BUILTIN_TAGS.binary_search(&tag).is_ok() || xr_frame && tag.starts_with("xr-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_answers() {
        assert!(BUILTIN_TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_builtin_tag("view", false) && is_builtin_tag("pan-gesture-handler", false));
        assert!(!is_builtin_tag("div", false) && !is_builtin_tag("product-card", false));
        assert!(is_builtin_tag("xr-mesh", true) && !is_builtin_tag("xr-mesh", false));
    }
}
