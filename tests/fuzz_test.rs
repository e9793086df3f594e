//! A bounded fuzzing pass over every parser, run with the tests.

#[path = "fuzz.rs"]
mod fuzz;

#[test]
fn parsers_never_panic_on_mutated_input() {
    let corpus = fuzz::corpus();
    let mut rng = fuzz::Rng(0x1234_5678_9abc_def1);
    for _ in 0..3_000 {
        let input = fuzz::mutate(&mut rng, &corpus);
        fuzz::exercise(&input);
    }
}
