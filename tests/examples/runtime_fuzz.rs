//! Long runtime fuzzing run: `cargo run --release -p mpsim-conformance --example runtime_fuzz --
//! SECONDS [SEED]`. Each round is a fresh launch of fixtures/fuzz-target and 2,000 steps.

#[path = "../runtime_fuzz.rs"]
mod runtime_fuzz;

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let start = std::time::Instant::now();
    let (mut rounds, mut steps, mut events) = (0u64, 0u64, 0u64);
    while start.elapsed().as_secs() < seconds {
        let round_seed = seed.wrapping_add(rounds.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        eprintln!("round {rounds}: seed {round_seed}");
        let stats = runtime_fuzz::run(round_seed, 2_000);
        rounds += 1;
        steps += stats.steps;
        events += stats.events;
    }
    println!(
        "runtime fuzz: {rounds} rounds, {steps} steps ({events} driver events) in {:.0} s, no panic or hang (seed {seed})",
        start.elapsed().as_secs_f64()
    );
}
