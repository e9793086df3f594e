//! Pixels at known points after the drawing calls apps make.

use super::*;
use serde_json::json;

fn canvas() -> Canvas {
    Canvas::new(100, 100)
}

fn run(c: &mut Canvas, calls: &[(&str, Value)]) {
    for (method, args) in calls {
        let args = args.as_array().cloned().unwrap_or_default();
        c.call(method, &args, &NoImages).expect("a canvas method");
    }
}

/// The RGBA (not premultiplied) at a pixel.
fn at(c: &Canvas, x: u32, y: u32) -> [u8; 4] {
    let p = c.pixmap().pixel(x, y).expect("inside").demultiply();
    [p.red(), p.green(), p.blue(), p.alpha()]
}

#[test]
fn rects_fill_stroke_and_clear() {
    let mut c = canvas();
    run(
        &mut c,
        &[
            ("set", json!(["fillStyle", "#ff0000"])),
            ("fillRect", json!([10, 10, 30, 30])),
            ("set", json!(["strokeStyle", "blue"])),
            ("set", json!(["lineWidth", 4])),
            ("strokeRect", json!([50, 50, 40, 40])),
            ("clearRect", json!([20, 20, 5, 5])),
        ],
    );
    assert_eq!(at(&c, 15, 15), [255, 0, 0, 255]);
    assert_eq!(at(&c, 22, 22), [0, 0, 0, 0]);
    assert_eq!(at(&c, 50, 70), [0, 0, 255, 255]);
    assert_eq!(at(&c, 70, 70), [0, 0, 0, 0]);
    assert!(c.take_changed() && !c.take_changed());
}

#[test]
fn transforms_move_paths_and_save_restore_brings_them_back() {
    let mut c = canvas();
    run(
        &mut c,
        &[
            ("save", json!([])),
            ("translate", json!([50, 0])),
            ("scale", json!([2, 2])),
            ("set", json!(["fillStyle", "#00ff00"])),
            ("fillRect", json!([0, 0, 10, 10])),
            ("restore", json!([])),
            ("fillRect", json!([0, 0, 10, 10])),
        ],
    );
    assert_eq!(at(&c, 65, 15), [0, 255, 0, 255]);
    assert_eq!(
        at(&c, 5, 5),
        [0, 0, 0, 255],
        "the fill style was restored too"
    );
    assert_eq!(at(&c, 15, 15), [0, 0, 0, 0]);
}

#[test]
fn arcs_paths_and_clips() {
    let mut c = canvas();
    run(
        &mut c,
        &[
            ("beginPath", json!([])),
            ("arc", json!([50, 50, 20, 0, std::f64::consts::TAU])),
            ("clip", json!([])),
            ("set", json!(["fillStyle", "#000"])),
            ("fillRect", json!([0, 0, 100, 100])),
        ],
    );
    assert_eq!(at(&c, 50, 50)[3], 255);
    assert_eq!(at(&c, 50, 75)[3], 0, "outside the circle");
    assert_eq!(at(&c, 33, 33)[3], 0, "the corner of the circle's box");
    let err = c.call(
        "arc",
        &[json!(0), json!(0), json!(-1), json!(0), json!(1)],
        &NoImages,
    );
    assert!(err.is_err_and(|e| e.contains("IndexSizeError")));
}

#[test]
fn gradients_run_from_stop_to_stop() {
    let mut c = canvas();
    let g = r##"{"type":"linear","args":[0,0,100,0],"stops":[[0,"#000000"],[1,"#ffffff"]]}"##;
    run(
        &mut c,
        &[
            ("set", json!(["fillStyle", g])),
            ("fillRect", json!([0, 0, 100, 10])),
        ],
    );
    let (left, mid, right) = (at(&c, 1, 5)[0], at(&c, 50, 5)[0], at(&c, 98, 5)[0]);
    assert!(
        left < 10 && (120..136).contains(&mid) && right > 245,
        "{left} {mid} {right}"
    );
}

#[test]
fn global_alpha_and_composite_operations() {
    let mut c = canvas();
    run(
        &mut c,
        &[
            ("set", json!(["globalAlpha", 0.5])),
            ("set", json!(["fillStyle", "#0000ff"])),
            ("fillRect", json!([0, 0, 10, 10])),
            ("set", json!(["globalAlpha", 1])),
            ("fillRect", json!([50, 0, 20, 10])),
            (
                "set",
                json!(["globalCompositeOperation", "destination-out"]),
            ),
            ("fillRect", json!([60, 0, 20, 10])),
        ],
    );
    assert_eq!(at(&c, 5, 5)[3], 128);
    assert_eq!(at(&c, 55, 5), [0, 0, 255, 255]);
    assert_eq!(at(&c, 65, 5)[3], 0, "destination-out erased it");
}

#[test]
fn dashes_leave_gaps() {
    let mut c = canvas();
    run(
        &mut c,
        &[
            ("setLineDash", json!([10, 10])),
            ("set", json!(["lineWidth", 4])),
            ("beginPath", json!([])),
            ("moveTo", json!([0, 50])),
            ("lineTo", json!([100, 50])),
            ("stroke", json!([])),
        ],
    );
    assert_eq!(at(&c, 5, 50)[3], 255);
    assert_eq!(at(&c, 15, 50)[3], 0);
}

#[test]
fn text_is_drawn_and_measured_with_the_bundled_fonts() {
    let mut c = canvas();
    run(
        &mut c,
        &[
            ("set", json!(["font", "bold 40px sans-serif"])),
            ("set", json!(["textBaseline", "top"])),
            ("fillText", json!(["田", 10, 10])),
        ],
    );
    let inked = (10..60)
        .flat_map(|x| (10..60).map(move |y| (x, y)))
        .filter(|(x, y)| at(&c, *x, *y)[3] > 128)
        .count();
    assert!(inked > 100, "{inked} pixels inked");
    assert_eq!(at(&c, 5, 5)[3], 0);
    let wide = c
        .call("measureText", &[json!("WWWW")], &NoImages)
        .expect("metrics");
    let narrow = c
        .call("measureText", &[json!("iiii")], &NoImages)
        .expect("metrics");
    assert!(wide["width"].as_f64() > narrow["width"].as_f64());
    // maxWidth squeezes the line.
    let mut squeezed = canvas();
    run(
        &mut squeezed,
        &[
            ("set", json!(["font", "40px sans-serif"])),
            ("fillText", json!(["WWWWWW", 0, 50, 50])),
        ],
    );
    assert_eq!(at(&squeezed, 70, 40)[3], 0);
}

#[test]
fn image_data_round_trips_unpremultiplied() {
    let mut c = canvas();
    c.put_image_data(&[255, 0, 0, 128, 0, 255, 0, 255], 2, 1, 1);
    let back = c.image_data(0, 1, 4, 1).expect("a region");
    assert_eq!(&back[4..8], &[255, 0, 0, 128]);
    assert_eq!(&back[8..12], &[0, 255, 0, 255]);
    assert_eq!(&back[0..4], &[0, 0, 0, 0]);
    assert!(c.image_data(0, 0, 0, 5).is_err());
    let png = c.encode(None, Some((50, 50)), None).expect("a PNG");
    let decoded = crate::decode_image(&png).expect("decodes");
    assert_eq!((decoded.width(), decoded.height()), (50, 50));
    let jpeg = c
        .encode(Some([0.0, 0.0, 10.0, 10.0]), None, Some(0.8))
        .expect("a JPEG");
    assert_eq!(&jpeg[..2], &[0xff, 0xd8]);
}

struct Red;

impl Images for Red {
    fn image(&self, key: &str) -> Option<Arc<Pixmap>> {
        (key == "red.png").then(|| {
            let mut p = Pixmap::new(4, 4).expect("allocates");
            p.fill(tiny_skia::Color::from_rgba8(255, 0, 0, 255));
            Arc::new(p)
        })
    }
}

#[test]
fn images_are_drawn_scaled_and_shadows_fall_beside_them() {
    let mut c = canvas();
    let args = |v: Value| v.as_array().cloned().unwrap_or_default();
    c.call("drawImage", &args(json!(["red.png", 10, 10, 20, 20])), &Red)
        .expect("draws");
    c.call("drawImage", &args(json!(["missing.png", 50, 50])), &Red)
        .expect("an unloaded image draws nothing");
    assert_eq!(at(&c, 28, 28), [255, 0, 0, 255]);
    assert_eq!(at(&c, 32, 32)[3], 0);
    run(
        &mut c,
        &[
            ("set", json!(["shadowColor", "rgba(0,0,0,1)"])),
            ("set", json!(["shadowOffsetX", 10])),
            ("set", json!(["shadowOffsetY", 10])),
            ("fillRect", json!([60, 60, 10, 10])),
        ],
    );
    assert_eq!(at(&c, 75, 75), [0, 0, 0, 255], "the shadow");
    assert_eq!(at(&c, 65, 65), [0, 0, 0, 255], "the rect over it");
    assert_eq!(at(&c, 85, 85)[3], 0);
}

#[test]
fn absurd_sizes_are_clamped() {
    let c = Canvas::new(1_000_000, 1_000_000);
    assert!(c.pixmap().width() as u64 * c.pixmap().height() as u64 <= MAX_PIXELS);
    assert!(Canvas::new(0, 0).pixmap().width() == 1);
}

#[test]
fn points_are_found_in_paths_and_strokes() {
    let mut c = canvas();
    run(
        &mut c,
        &[
            ("translate", json!([10, 10])),
            ("beginPath", json!([])),
            ("rect", json!([0, 0, 20, 20])),
            ("set", json!(["lineWidth", 4])),
        ],
    );
    let ask = |c: &mut Canvas, m: &str, x: f64, y: f64| {
        c.call(m, &[json!(x), json!(y)], &NoImages)
            .expect("an answer")
    };
    // Points are in canvas pixels: the rect was drawn 10 px in.
    assert_eq!(ask(&mut c, "isPointInPath", 15.0, 15.0), json!(true));
    assert_eq!(ask(&mut c, "isPointInPath", 5.0, 5.0), json!(false));
    assert_eq!(ask(&mut c, "isPointInStroke", 11.0, 20.0), json!(true));
    assert_eq!(ask(&mut c, "isPointInStroke", 20.0, 20.0), json!(false));
    // A stashed path leaves the current one empty until it comes back.
    run(&mut c, &[("stashPath", json!([]))]);
    assert_eq!(ask(&mut c, "isPointInPath", 15.0, 15.0), json!(false));
    run(&mut c, &[("unstashPath", json!([]))]);
    assert_eq!(ask(&mut c, "isPointInPath", 15.0, 15.0), json!(true));
}
