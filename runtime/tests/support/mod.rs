pub mod busy;
