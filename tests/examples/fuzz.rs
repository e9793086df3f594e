//! Long fuzzing run: `cargo run --release -p mpsim-conformance --example fuzz -- SECONDS [SEED]`.

#[path = "../fuzz.rs"]
mod fuzz;

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let corpus = fuzz::corpus();
    let mut rng = fuzz::Rng(seed | 1);
    let start = std::time::Instant::now();
    let mut rounds: u64 = 0;
    // FUZZ_SAVE=FILE writes each input before it runs, so a crash (even a stack overflow,
    // which no panic hook sees) leaves the culprit behind.
    let save = std::env::var_os("FUZZ_SAVE");
    while start.elapsed().as_secs() < seconds {
        let input = fuzz::mutate(&mut rng, &corpus);
        if let Some(path) = &save {
            let _ = std::fs::write(path, &input);
        }
        fuzz::exercise(&input);
        rounds += 1;
    }
    println!(
        "fuzz: {rounds} inputs in {:.0} s, no panic (seed {seed})",
        start.elapsed().as_secs_f64()
    );
}
