//! A bounded runtime fuzzing pass (see runtime_fuzz.rs), run with the tests.

mod runtime_fuzz;

#[test]
fn the_runtime_survives_random_calls_navigation_data_and_queries() {
    let stats = runtime_fuzz::run(0x00dd_ba11_5eed, 1_500);
    assert!(stats.events > 500, "{stats:?}");
    assert!(stats.frames > 50 && stats.texts > 50, "{stats:?}");
}
