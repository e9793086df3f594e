//! The `mpsim` command.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { path, format } => check(&path, format),
    }
}

fn check(path: &std::path::Path, format: Format) -> ExitCode {
    let report = match mpsim::check_path(path) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("mpsim check: {msg}");
            return ExitCode::from(2);
        }
    };
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
