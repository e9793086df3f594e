//! The mini-program dialects: same model, different file extensions, directive prefix and API
//! namespace. WeChat and Kuaishou are supported; the others are described so that detection and
//! messages already know them.

#[derive(Debug, PartialEq, Eq)]
pub struct Dialect {
    pub id: &'static str,
    pub name: &'static str,
    pub template_ext: &'static str,
    pub style_ext: &'static str,
    /// The script-module file extension and tag (`.wxs` / `<wxs>`).
    pub script_ext: &'static str,
    pub script_tag: &'static str,
    /// Directive prefix: `wx:` in `wx:if`.
    pub directive_prefix: &'static str,
    /// The global API object: `wx`, `ks`, `my`...
    pub api: &'static str,
    pub supported: bool,
}

pub const WECHAT: Dialect = Dialect {
    id: "wx",
    name: "WeChat",
    template_ext: "wxml",
    style_ext: "wxss",
    script_ext: "wxs",
    script_tag: "wxs",
    directive_prefix: "wx:",
    api: "wx",
    supported: true,
};
pub const KUAISHOU: Dialect = Dialect {
    id: "ks",
    name: "Kuaishou",
    template_ext: "ksml",
    style_ext: "css",
    script_ext: "sjs",
    script_tag: "sjs",
    directive_prefix: "ks:",
    api: "ks",
    supported: true,
};
pub const ALIPAY: Dialect = Dialect {
    id: "my",
    name: "Alipay",
    template_ext: "axml",
    style_ext: "acss",
    script_ext: "sjs",
    script_tag: "import-sjs",
    directive_prefix: "a:",
    api: "my",
    supported: false,
};
pub const DOUYIN: Dialect = Dialect {
    id: "tt",
    name: "Douyin",
    template_ext: "ttml",
    style_ext: "ttss",
    script_ext: "sjs",
    script_tag: "sjs",
    directive_prefix: "tt:",
    api: "tt",
    supported: false,
};
pub const BAIDU: Dialect = Dialect {
    id: "swan",
    name: "Baidu",
    template_ext: "swan",
    style_ext: "css",
    script_ext: "sjs",
    script_tag: "import-sjs",
    directive_prefix: "s-",
    api: "swan",
    supported: false,
};
pub const QQ: Dialect = Dialect {
    id: "qq",
    name: "QQ",
    template_ext: "qml",
    style_ext: "qss",
    script_ext: "qs",
    script_tag: "qs",
    directive_prefix: "qq:",
    api: "qq",
    supported: false,
};

pub const ALL: [&Dialect; 6] = [&WECHAT, &KUAISHOU, &ALIPAY, &DOUYIN, &BAIDU, &QQ];

/// Picks the dialect whose template files are most numerous among `files`. WeChat wins ties
/// and empty folders.
pub fn detect<'a>(files: impl IntoIterator<Item = &'a str>) -> &'static Dialect {
    let mut counts = [0usize; 6];
    for f in files {
        if let Some(ext) = mpsim_base::vpath::extension(f) {
            for (i, d) in ALL.iter().enumerate() {
                if d.template_ext == ext {
                    counts[i] += 1;
                }
            }
        }
    }
    let mut best = 0;
    for i in 1..ALL.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    ALL[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_template_files() {
        assert_eq!(detect(["a.ksml", "b.ksml", "c.wxml"]).id, "ks");
        assert_eq!(detect(["a.wxml"]).id, "wx");
        assert_eq!(detect([]).id, "wx");
        assert_eq!(detect(["p/index.axml"]).id, "my");
    }
}
