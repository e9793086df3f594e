//! The `mpsim` command.

#[cfg(feature = "preview")]
mod preview;
mod web;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "mpsim",
    version,
    about = "Mini-program simulator: check, render and run WeChat and Kuaishou mini-programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Compile every page and component (templates, styles, configs) and report problems.
    ///
    /// Exit status: 0 without errors, 1 with errors, 2 when PATH is not a mini-program.
    Check {
        /// A mini-program folder, or a single .wxml/.wxss/.ksml/.css/.json file.
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also check the merchant profiles in this folder (and their domains against the
        /// platform's, from `platform.json` there).
        #[arg(long)]
        merchants: Option<PathBuf>,
    },
    /// Launch the app, open a page, and write what it looks like as a PNG.
    Render {
        #[command(flatten)]
        run: RunArgs,
        /// iphone6 (default), iphonex, iphone7plus, android, or WxH@DPR.
        #[arg(long, default_value = "iphone6")]
        device: String,
        /// Where to write the PNG.
        #[arg(long, default_value = "page.png")]
        out: PathBuf,
        /// Also write the composed node tree as JSON.
        #[arg(long)]
        tree: Option<PathBuf>,
        /// Also write the trace as JSON lines.
        #[arg(long)]
        trace: Option<PathBuf>,
        /// Wait at most this many virtual milliseconds for the page to settle (timers, network
        /// answers) before the screenshot.
        #[arg(long, default_value_t = 10_000)]
        wait: u64,
        /// Also write every message between the logic and view sides as JSON lines (for
        /// `mpsim replay`).
        #[arg(long)]
        bridge: Option<PathBuf>,
    },
    /// Rebuild the screen from a bridge recording (`--bridge FILE` of render or trace),
    /// with no JS engine and no package, and write it as a PNG.
    Replay {
        /// The recording.
        file: PathBuf,
        /// iphone6 (default), iphonex, iphone7plus, android, or WxH@DPR: the device the
        /// recording was made on.
        #[arg(long, default_value = "iphone6")]
        device: String,
        /// Where to write the PNG.
        #[arg(long, default_value = "page.png")]
        out: PathBuf,
    },
    /// Open the app in a desktop window that reloads when its files change.
    #[cfg(feature = "preview")]
    Preview {
        #[command(flatten)]
        run: RunArgs,
        /// iphone6 (default), iphonex, iphone7plus, android, or WxH@DPR.
        #[arg(long, default_value = "iphone6")]
        device: String,
        /// Write what the window shows to FILE after MS milliseconds (repeatable).
        #[arg(long, num_args = 2, value_names = ["MS", "FILE"], action = clap::ArgAction::Append)]
        screenshot_after: Vec<String>,
        /// Close the window after MS milliseconds.
        #[arg(long, value_name = "MS")]
        exit_after: Option<u64>,
    },
    /// Launch the app and serve the miniprogram-automator protocol on a WebSocket, as
    /// WeChat DevTools' `cli auto` does: `automator.launch({cliPath: 'mpsim', projectPath})`
    /// starts this.
    Auto(AutoArgs),
    /// Launch the app, run an actions script, and print the trace as JSON lines.
    Trace {
        #[command(flatten)]
        run: RunArgs,
        /// A JSON array of steps (tap, input, scroll, tab, back, hide, show, advance, navigateTo...).
        #[arg(long)]
        script: Option<PathBuf>,
        /// Also write every message between the logic and view sides as JSON lines.
        #[arg(long)]
        bridge: Option<PathBuf>,
    },
    /// Run conformance cases: every folder with `expected/actions.json` at or under PATH,
    /// its trace, screenshots and trees compared with the goldens beside it.
    ///
    /// Exit status: 0 when every case passes, 1 when one fails, 2 when a PATH is missing or
    /// holds no case.
    Test(TestArgs),
    /// Render every page of a template for every merchant profile in a folder, on every
    /// device, into PNGs and one index.html contact sheet grouped by page.
    ///
    /// Exit status: 0 when every profile is sound and no page threw, 1 otherwise, 2 when
    /// nothing could be rendered.
    Gallery {
        /// The template's mini-program folder.
        dir: PathBuf,
        /// The folder of merchant profiles (`*.json`; `platform.json` there lists the
        /// platform's registered domains).
        #[arg(long)]
        merchants: PathBuf,
        /// Where the PNGs and index.html go.
        #[arg(long, default_value = "gallery")]
        out: PathBuf,
        /// A device to render on (iphone6, iphonex, iphone7plus, android, or WxH@DPR);
        /// repeat for several.
        #[arg(long = "device", default_value = "iphone6")]
        devices: Vec<String>,
    },
    /// Write a static site that runs the app in the browser: the logic side in a Web
    /// Worker, the view on a canvas, mpsim compiled to WebAssembly.
    Web {
        /// The mini-program folder.
        dir: PathBuf,
        /// The first page, with an optional query; the entry page by default.
        #[arg(long)]
        page: Option<String>,
        /// iphone6 (default), iphonex, iphone7plus, android, or WxH@DPR.
        #[arg(long, default_value = "iphone6")]
        device: String,
        /// Answer network calls from this rules file (packed into the site with its folder).
        #[arg(long)]
        mock: Option<PathBuf>,
        /// The site's folder.
        #[arg(long, default_value = "site")]
        out: PathBuf,
        /// The browser build (wasm-bindgen's output folder); found beside the executable by
        /// default.
        #[arg(long, value_name = "DIR")]
        pkg: Option<PathBuf>,
    },
}

/// `mpsim test`.
#[derive(Args)]
struct TestArgs {
    /// Case folders, or folders to search for them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Also write a JUnit XML report here.
    #[arg(long, value_name = "FILE.xml")]
    junit: Option<PathBuf>,
    /// Rewrite the goldens that differ (and write missing ones) instead of failing.
    #[arg(long)]
    update: bool,
    /// Run only the cases whose name contains NAME.
    #[arg(long, value_name = "NAME")]
    filter: Option<String>,
    /// How many cases run at once; one per core by default.
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
}

/// `mpsim auto`: DevTools' command line for automation, as `automator.launch()` spawns it.
#[derive(Args)]
struct AutoArgs {
    /// The mini-program folder.
    #[arg(long, value_name = "DIR")]
    project: Option<PathBuf>,
    /// The older form of --project (`auto --auto DIR`).
    #[arg(long = "auto", value_name = "DIR")]
    auto_dir: Option<PathBuf>,
    /// The port of the automation WebSocket on 127.0.0.1.
    #[arg(long, default_value_t = 9420)]
    auto_port: u16,
    /// DevTools' login options: accepted, and meaningless here (mpsim needs no account).
    #[arg(long, hide = true)]
    auto_account: Option<String>,
    #[arg(long, hide = true)]
    ticket: Option<String>,
    #[arg(long, hide = true)]
    trust_project: bool,
    /// The first page, with an optional query; the entry page by default.
    #[arg(long)]
    page: Option<String>,
    /// iphone6 (default), iphonex, iphone7plus, android, or WxH@DPR.
    #[arg(long, default_value = "iphone6")]
    device: String,
    /// Keep wx storage and user files in this folder between runs.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Answer network calls from this rules file.
    #[arg(long)]
    mock: Option<PathBuf>,
}

/// How to launch the app: the same for every command that runs one.
#[derive(Args)]
struct RunArgs {
    /// The mini-program folder.
    dir: PathBuf,
    /// The first page, with an optional query (`pages/detail/detail?id=1`); the entry page by
    /// default.
    #[arg(long)]
    page: Option<String>,
    /// Keep wx storage and the app's user files (`wxfile://usr`) in this folder between runs
    /// (per app id); in memory otherwise.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Answer wx.request, uploadFile, downloadFile and remote images from this rules file
    /// (see the README); without it network calls fail.
    #[arg(long)]
    mock: Option<PathBuf>,
    /// Run the template as this merchant of a third-party platform: the profile's ext.json
    /// fields, version (getAccountInfoSync) and domain lists (see the README).
    #[arg(long)]
    merchant: Option<PathBuf>,
    /// `live` makes wx.request, downloadFile and remote images real HTTP(S) calls (domain
    /// lists and `urlCheck` still apply; `--mock` then answers only the platform calls).
    #[arg(long, value_enum, default_value_t = NetworkMode::Mock)]
    network: NetworkMode,
}

/// Where network calls go.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum NetworkMode {
    /// The mock rules file (`--mock`), or nowhere: runs repeat.
    Mock,
    /// Real HTTP(S).
    Live,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            path,
            format,
            merchants,
        } => check(&path, format, merchants.as_deref()),
        Command::Trace {
            run,
            script,
            bridge,
        } => trace(&run, script.as_deref(), bridge.as_deref()),
        Command::Replay { file, device, out } => replay(&file, &device, &out),
        Command::Auto(args) => auto(args),
        Command::Test(args) => test(&args),
        Command::Gallery {
            dir,
            merchants,
            out,
            devices,
        } => gallery(&dir, &merchants, &out, &devices),
        Command::Web {
            dir,
            page,
            device,
            mock,
            out,
            pkg,
        } => web(web::Site {
            dir: &dir,
            page,
            device,
            mock: mock.as_deref(),
            out: &out,
            pkg: pkg.as_deref(),
        }),
        #[cfg(feature = "preview")]
        Command::Preview {
            run,
            device,
            screenshot_after,
            exit_after,
        } => preview(run, &device, &screenshot_after, exit_after),
        Command::Render {
            run,
            device,
            out,
            tree,
            trace,
            wait,
            bridge,
        } => render(
            &run,
            &device,
            &out,
            Outputs {
                tree: tree.as_deref(),
                trace: trace.as_deref(),
                bridge: bridge.as_deref(),
            },
            wait,
        ),
    }
}

/// Launches the app as `run` says; on failure prints why (prefixed with `cmd`) and gives the
/// exit code. Compile errors are printed; the pages that compiled still run.
fn launch(
    cmd: &str,
    run: &RunArgs,
    device: Option<mpsim::DeviceInfo>,
    record: bool,
) -> Result<mpsim::Simulator, ExitCode> {
    let rules = match &run.mock {
        None => None,
        Some(path) => match mpsim::MockNetwork::load(path) {
            Ok(m) => Some(m),
            Err(d) => {
                eprintln!("{d}");
                return Err(ExitCode::from(2));
            }
        },
    };
    let network = match run.network {
        NetworkMode::Mock => rules.map(|m| std::rc::Rc::new(m) as std::rc::Rc<dyn mpsim::Network>),
        NetworkMode::Live => live_network(&run.dir, rules).map_err(|msg| {
            eprintln!("mpsim {cmd}: {msg}");
            ExitCode::from(2)
        })?,
    };
    let options = mpsim::LaunchOptions {
        page: run.page.clone(),
        device,
        network,
        ..Default::default()
    };
    let data_dir = run.data_dir.as_deref();
    let launched = if let Some(path) = &run.merchant {
        let merchant = match mpsim::merchant::Merchant::load(path) {
            Ok(m) => m,
            Err(d) => {
                print!("{}", mpsim_base::render_text(&d));
                return Err(ExitCode::from(2));
            }
        };
        for d in &merchant.diagnostics {
            eprintln!("{d}");
        }
        mpsim::Simulator::launch_as(&run.dir, &merchant, options, data_dir, record)
    } else if record {
        mpsim::Simulator::launch_recorded(&run.dir, options, data_dir)
    } else {
        mpsim::Simulator::launch_with_data(&run.dir, options, data_dir)
    };
    match launched {
        Ok(sim) => {
            for d in sim.diagnostics().iter().filter(|d| d.is_error()) {
                eprintln!("{d}");
            }
            Ok(sim)
        }
        Err(d) => {
            eprintln!(
                "mpsim {cmd}: {}",
                d.first()
                    .map(|d| d.message.clone())
                    .unwrap_or_else(|| "not a mini-program".into())
            );
            Err(ExitCode::from(2))
        }
    }
}

/// The real network, bounded by app.json's `networkTimeout`.
#[cfg(feature = "live-network")]
fn live_network(
    dir: &Path,
    rules: Option<mpsim::MockNetwork>,
) -> Result<Option<std::rc::Rc<dyn mpsim::Network>>, String> {
    let live = mpsim::live_network::LiveNetwork::for_app(dir, rules);
    Ok(Some(std::rc::Rc::new(live)))
}

#[cfg(not(feature = "live-network"))]
fn live_network(
    _: &Path,
    _: Option<mpsim::MockNetwork>,
) -> Result<Option<std::rc::Rc<dyn mpsim::Network>>, String> {
    Err("this build has no live network (feature `live-network`)".into())
}

#[cfg(feature = "preview")]
fn preview(run: RunArgs, device: &str, shots: &[String], exit_after: Option<u64>) -> ExitCode {
    let Some(device) = parse_device("preview", device) else {
        return ExitCode::from(2);
    };
    let mut screenshots = Vec::new();
    for pair in shots.chunks(2) {
        let (Some(ms), Some(file)) = (pair.first(), pair.get(1)) else {
            continue;
        };
        let Ok(ms) = ms.parse::<u64>() else {
            eprintln!("mpsim preview: --screenshot-after takes MS FILE, not `{ms}`");
            return ExitCode::from(2);
        };
        screenshots.push((ms, PathBuf::from(file)));
    }
    preview::run(preview::Options {
        dir: run.dir,
        page: run.page,
        device,
        mock: run.mock,
        data_dir: run.data_dir,
        screenshots,
        exit_after,
    })
}

fn auto(args: AutoArgs) -> ExitCode {
    let Some(dir) = args.project.or(args.auto_dir) else {
        eprintln!("mpsim auto: name the mini-program with --project DIR");
        return ExitCode::from(2);
    };
    let Some(device) = parse_device("auto", &args.device) else {
        return ExitCode::from(2);
    };
    let run = RunArgs {
        dir: dir.clone(),
        page: args.page,
        data_dir: args.data_dir,
        mock: args.mock,
        merchant: None,
        network: NetworkMode::Mock,
    };
    let sim = match launch("auto", &run, Some(mpsim::device_info(&device)), false) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let listener = match std::net::TcpListener::bind(("127.0.0.1", args.auto_port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "mpsim auto: cannot listen on 127.0.0.1:{}: {e}",
                args.auto_port
            );
            return ExitCode::from(2);
        }
    };
    println!(
        "mpsim auto: {} listens on ws://127.0.0.1:{}",
        dir.display(),
        args.auto_port
    );
    let mut session = mpsim::automation::Session::new(sim);
    match mpsim::automation::server::serve(&mut session, &listener) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mpsim auto: {e}");
            ExitCode::from(1)
        }
    }
}

/// Writes `bytes` to `path`; on failure says so (prefixed with `cmd`) and returns false.
fn write(cmd: &str, path: &Path, bytes: &[u8]) -> bool {
    match std::fs::write(path, bytes) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("mpsim {cmd}: cannot write {}: {e}", path.display());
            false
        }
    }
}

/// Writes the bridge recording of `sim` to `path`, when asked for.
fn write_bridge(cmd: &str, sim: &mpsim::Simulator, path: Option<&Path>) -> bool {
    match path {
        Some(p) => write(
            cmd,
            p,
            sim.bridge_recording().unwrap_or_default().as_bytes(),
        ),
        None => true,
    }
}

fn gallery(dir: &Path, merchants: &Path, out: &Path, devices: &[String]) -> ExitCode {
    let mut parsed = Vec::new();
    for name in devices {
        let Some(d) = parse_device("gallery", name) else {
            return ExitCode::from(2);
        };
        parsed.push((name.clone(), d));
    }
    let made = match mpsim::gallery::make(dir, merchants, &parsed, out) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("mpsim gallery: {e}");
            return ExitCode::from(2);
        }
    };
    print!("{}", mpsim_base::render_text(&made.diagnostics));
    let mut failed = made.diagnostics.iter().any(|d| d.is_error());
    for s in &made.shots {
        for e in &s.errors {
            eprintln!(
                "{} {} {}: uncaught error in {e}",
                s.merchant, s.device, s.page
            );
            failed = true;
        }
    }
    println!(
        "{} screens in {}",
        made.shots.len(),
        out.join("index.html").display()
    );
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn parse_device(cmd: &str, name: &str) -> Option<mpsim_view::render::Device> {
    let device = mpsim_view::render::Device::parse(name);
    if device.is_none() {
        eprintln!(
            "mpsim {cmd}: unknown device `{name}`: use iphone6, iphonex, iphone7plus, android or WxH@DPR"
        );
    }
    device
}

fn replay(file: &Path, device: &str, out: &Path) -> ExitCode {
    let Some(device) = parse_device("replay", device) else {
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("mpsim replay: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let png = mpsim::replay::replay(&text, device)
        .map_err(|e| format!("{}: {e}", file.display()))
        .and_then(|mut view| view.render())
        .and_then(|p| {
            p.encode_png()
                .map_err(|e| format!("PNG encoding failed: {e}"))
        });
    match png {
        Ok(png) if write("replay", out, &png) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("mpsim replay: {e}");
            ExitCode::from(1)
        }
    }
}

fn trace(run: &RunArgs, script: Option<&Path>, bridge: Option<&Path>) -> ExitCode {
    let steps = match script.map(std::fs::read_to_string) {
        None => Vec::new(),
        Some(Ok(text)) => match mpsim::script::parse(&text) {
            Ok(s) => s,
            Err(e) => {
                eprintln!(
                    "mpsim trace: {}: {e}",
                    script.map(|p| p.display().to_string()).unwrap_or_default()
                );
                return ExitCode::from(2);
            }
        },
        Some(Err(e)) => {
            eprintln!("mpsim trace: cannot read the script: {e}");
            return ExitCode::from(2);
        }
    };
    let mut sim = match launch("trace", run, None, bridge.is_some()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let result = sim.run_script(&steps);
    for line in sim.take_trace() {
        println!("{line}");
    }
    if !write_bridge("trace", &sim, bridge) {
        return ExitCode::from(1);
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mpsim trace: {e}");
            ExitCode::from(1)
        }
    }
}

fn web(site: web::Site) -> ExitCode {
    if parse_device("web", &site.device).is_none() {
        return ExitCode::from(2);
    }
    match mpsim::check_path(site.dir) {
        Err(e) => {
            eprintln!("mpsim web: {e}");
            return ExitCode::from(2);
        }
        Ok(report) => {
            for d in report.diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{d}");
            }
        }
    }
    match web::write_site(&site) {
        Ok(said) => {
            println!("{said}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("mpsim web: {e}");
            ExitCode::from(1)
        }
    }
}

fn test(args: &TestArgs) -> ExitCode {
    let cases = match mpsim::suite::discover(&args.paths) {
        Ok(c) => mpsim::suite::filter(c, args.filter.as_deref()),
        Err(e) => {
            eprintln!("mpsim test: {e}");
            return ExitCode::from(2);
        }
    };
    if cases.is_empty() {
        eprintln!(
            "mpsim test: no case found (a case is a folder with expected/actions.json){}",
            match &args.filter {
                Some(f) => format!(" whose name contains `{f}`"),
                None => String::new(),
            }
        );
        return ExitCode::from(2);
    }
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let start = std::time::Instant::now();
    let results = mpsim::suite::run_all(&cases, args.update, jobs, &|r| {
        println!("{}", mpsim::suite::describe(r));
    });
    let elapsed = start.elapsed();
    let failed = results.iter().filter(|r| !r.passed()).count();
    println!(
        "{} case{}: {} passed, {failed} failed ({:.1} s)",
        results.len(),
        if results.len() == 1 { "" } else { "s" },
        results.len() - failed,
        elapsed.as_secs_f64()
    );
    if let Some(path) = &args.junit {
        let xml = mpsim::suite::junit::report(&results, elapsed);
        if !write("test", path, xml.as_bytes()) {
            return ExitCode::from(1);
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check(path: &Path, format: Format, merchants: Option<&Path>) -> ExitCode {
    let mut report = match mpsim::check_path(path) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("mpsim check: {msg}");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = merchants {
        match mpsim::merchant::load_all(dir) {
            Ok((found, diagnostics)) => {
                report.files += found.len();
                report.diagnostics.extend(diagnostics);
            }
            Err(msg) => {
                eprintln!("mpsim check: {msg}");
                return ExitCode::from(2);
            }
        }
    }
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report.to_json()).unwrap_or_default()
        ),
        Format::Text => {
            print!("{}", mpsim_base::render_text(&report.diagnostics));
            println!(
                "checked {} files: {} errors, {} warnings",
                report.files,
                report.errors(),
                report.warnings()
            );
        }
    }
    if report.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The files `mpsim render` writes besides the PNG.
struct Outputs<'a> {
    tree: Option<&'a Path>,
    trace: Option<&'a Path>,
    bridge: Option<&'a Path>,
}

fn render(run: &RunArgs, device: &str, out: &Path, outputs: Outputs, wait: u64) -> ExitCode {
    let Some(device) = parse_device("render", device) else {
        return ExitCode::from(2);
    };
    let info = Some(mpsim::device_info(&device));
    let mut sim = match launch("render", run, info, outputs.bridge.is_some()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    sim.wait_idle(wait);
    let png = match sim.screenshot() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("mpsim render: {e}");
            return ExitCode::from(1);
        }
    };
    let lines = sim.take_trace();
    for l in lines.iter().filter(|l| l["type"] == "error") {
        eprintln!(
            "uncaught error in {}: {}",
            l["where"].as_str().unwrap_or(""),
            l["message"].as_str().unwrap_or("")
        );
    }
    if !write("render", out, &png) {
        return ExitCode::from(1);
    }
    if let Some(t) = outputs.tree {
        let json = serde_json::to_string_pretty(&sim.page_tree_json()).unwrap_or_default();
        if !write("render", t, json.as_bytes()) {
            return ExitCode::from(1);
        }
    }
    if let Some(t) = outputs.trace {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        if !write("render", t, text.as_bytes()) {
            return ExitCode::from(1);
        }
    }
    if !write_bridge("render", &sim, outputs.bridge) {
        return ExitCode::from(1);
    }
    // Everything is written and the process ends here: tearing the JS heap and the frame
    // caches down would add milliseconds to every render for nothing.
    std::mem::forget(sim);
    ExitCode::SUCCESS
}
