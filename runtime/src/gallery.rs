//! `mpsim gallery`: every page of a template, for every merchant, on every device, as PNGs
//! and one contact sheet (`index.html`) grouped by page, which a template author looks over
//! before an update goes to all merchants.

use crate::merchant::Merchant;
use crate::{LaunchOptions, Simulator, device_info};
use mpsim_base::Diagnostic;
use mpsim_view::render::Device;
use std::path::Path;

/// One rendered screen.
#[derive(Debug, Clone)]
pub struct Shot {
    pub merchant: String,
    pub env_version: String,
    pub device: String,
    pub page: String,
    /// Relative to the gallery folder.
    pub file: String,
    /// Uncaught errors of the run, as `where: message`.
    pub errors: Vec<String>,
}

/// What a gallery run made and found.
#[derive(Debug, Default)]
pub struct Gallery {
    pub shots: Vec<Shot>,
    /// Problems with profiles (and with their domains against `platform.json`), and compile
    /// errors of the template.
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders `dir`'s pages for each profile in `merchants` (see [`crate::merchant::load_all`])
/// on each of `devices` (name, device) into `out`, and writes `out/index.html`. `Err` says
/// why nothing could be made.
pub fn make(
    dir: &Path,
    merchants: &Path,
    devices: &[(String, Device)],
    out: &Path,
) -> Result<Gallery, String> {
    let (merchants, diagnostics) = crate::merchant::load_all(merchants)?;
    let mut gallery = Gallery {
        shots: Vec::new(),
        diagnostics,
    };
    let pages = match mpsim_project::load(&mpsim_base::DiskVfs::new(dir)) {
        Ok((p, _)) => p.app.pages.clone(),
        Err(d) => return Err(d.first().map(|d| d.to_string()).unwrap_or_default()),
    };
    for merchant in &merchants {
        for (device_name, device) in devices {
            for page in &pages {
                let shot = render_one(dir, merchant, device_name, device, page, out, &mut gallery)?;
                gallery.shots.push(shot);
            }
        }
    }
    gallery
        .diagnostics
        .dedup_by(|a, b| a.to_string() == b.to_string());
    write(
        out,
        "index.html",
        contact_sheet(&gallery, &pages).as_bytes(),
    )?;
    Ok(gallery)
}

fn render_one(
    dir: &Path,
    merchant: &Merchant,
    device_name: &str,
    device: &Device,
    page: &str,
    out: &Path,
    gallery: &mut Gallery,
) -> Result<Shot, String> {
    let options = LaunchOptions {
        page: Some(page.to_string()),
        device: Some(device_info(device)),
        ..Default::default()
    };
    let mut sim = Simulator::launch_as(dir, merchant, options, None, false)
        .map_err(|d| d.first().map(|d| d.to_string()).unwrap_or_default())?;
    for d in sim.diagnostics().iter().filter(|d| d.is_error()) {
        gallery.diagnostics.push(d.clone());
    }
    sim.wait_idle(10_000);
    let png = sim.screenshot()?;
    let errors = sim
        .take_trace()
        .iter()
        .filter(|l| l["type"] == "error")
        .map(|l| {
            format!(
                "{}: {}",
                l["where"].as_str().unwrap_or(""),
                l["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    let file = format!(
        "{}/{device_name}/{}.png",
        merchant.name,
        page.trim_matches('/').replace('/', "_")
    );
    write(out, &file, &png)?;
    Ok(Shot {
        merchant: merchant.name.clone(),
        env_version: merchant.env_version.clone(),
        device: device_name.to_string(),
        page: page.to_string(),
        file,
        errors,
    })
}

fn write(out: &Path, rel: &str, bytes: &[u8]) -> Result<(), String> {
    let path = out.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The contact sheet: a section per page, a thumbnail per merchant and device, each linking
/// to its full-size PNG; a run's uncaught errors under its thumbnail.
pub fn contact_sheet(gallery: &Gallery, pages: &[String]) -> String {
    let mut html = String::from(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>mpsim gallery</title>\n<style>\nbody { font: 14px system-ui, sans-serif; margin: 24px; background: #fafafa; }\n.grid { display: flex; flex-wrap: wrap; gap: 16px; }\nfigure { margin: 0; background: #fff; padding: 8px; border: 1px solid #ddd; }\nimg { width: 180px; display: block; }\nfigcaption { margin-top: 6px; }\n.env { color: #b35c00; }\n.error { color: #c00; max-width: 180px; }\n</style></head><body>\n<h1>mpsim gallery</h1>\n",
    );
    for page in pages {
        html.push_str(&format!(
            "<section>\n<h2>{}</h2>\n<div class=\"grid\">\n",
            escape(page)
        ));
        for s in gallery.shots.iter().filter(|s| &s.page == page) {
            html.push_str(&format!(
                "<figure><a href=\"{file}\"><img src=\"{file}\" alt=\"{m} on {d}\" loading=\"lazy\"></a><figcaption>{m} · {d} · <span class=\"env\">{e}</span></figcaption>",
                file = escape(&s.file),
                m = escape(&s.merchant),
                d = escape(&s.device),
                e = escape(&s.env_version),
            ));
            for err in &s.errors {
                html.push_str(&format!("<div class=\"error\">{}</div>", escape(err)));
            }
            html.push_str("</figure>\n");
        }
        html.push_str("</div>\n</section>\n");
    }
    if !gallery.diagnostics.is_empty() {
        html.push_str("<section><h2>Problems</h2><pre>");
        for d in &gallery.diagnostics {
            html.push_str(&escape(&d.to_string()));
            html.push('\n');
        }
        html.push_str("</pre></section>\n");
    }
    html.push_str("</body></html>\n");
    html
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
