//! The wasm store, and how JS and wasm call each other through it.
//!
//! wasm runs on wasmtime's fibers (its async API), so that an import written in JS can run with
//! the JS engine's `&mut Context`, which no wasmtime callback could otherwise reach without
//! unsafe code. When wasm calls a JS import, its fiber suspends and hands the call out as
//! [`Event::CallJs`]; the driver, which holds the context, runs the JS function and answers with
//! [`Command::Return`]. While a call is suspended the store lives inside the suspended future,
//! so whatever JS asks of the store meanwhile (a call back into wasm, reading memory, a table
//! slot) travels as a [`Command`] to the innermost suspended import, which runs it against its
//! `Caller`. Calls nest strictly (the innermost suspension answers first), so one channel holds
//! at most one event and one command.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context as TaskContext, Poll, Waker};
use wasmtime::{
    AsContextMut, Caller, Engine, Func, FuncType, Store, StoreContextMut, StoreLimits, Val,
};

/// What a store holds besides wasm: the channel to the driver and the resource limits.
pub struct HostData {
    chan: Arc<Mutex<Channel>>,
    limits: StoreLimits,
}

/// A piece of work on the store that may run wasm: a call, an instantiation.
pub type Job = Box<
    dyn for<'a> FnOnce(
            StoreContextMut<'a, HostData>,
        ) -> Pin<Box<dyn Future<Output = wasmtime::Result<Done>> + Send + 'a>>
        + Send,
>;

/// A piece of work on the store that does not run wasm (memory, tables, globals).
pub type Op = Box<dyn for<'a> FnOnce(StoreContextMut<'a, HostData>) -> Box<dyn Any + Send> + Send>;

/// What a finished job gives back.
pub enum Done {
    Values(Vec<Val>),
    Instance(wasmtime::Instance),
}

/// The answer of a JS import: its results, or the token of the exception it threw.
pub type Answer = Result<Vec<Val>, JsThrown>;

/// A JS exception on its way through wasm: the exception stays on the JS side under this token.
#[derive(Debug, Clone, Copy)]
pub struct JsThrown(pub u64);

impl std::fmt::Display for JsThrown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a JS exception passing through wasm (#{})", self.0)
    }
}

impl std::error::Error for JsThrown {}

/// Why the running wasm stopped and gave control back.
pub enum Event {
    /// wasm called JS import number `import` (a slot of [`super::Host::imports`]).
    CallJs { import: usize, params: Vec<Val> },
    /// A nested job (sent as [`Command::Run`]) finished.
    RunDone(wasmtime::Result<Done>),
    /// An [`Op`] finished.
    OpDone(Box<dyn Any + Send>),
}

/// What the driver asks of the innermost suspended import.
pub enum Command {
    /// The JS import returns (or throws).
    Return(Answer),
    /// Run this job on the store (JS called back into wasm).
    Run(Job),
    /// Do this on the store.
    Op(Op),
}

#[derive(Default)]
struct Channel {
    event: Option<Event>,
    command: Option<Command>,
}

/// The outcome of driving the store until it stops.
pub enum Stop {
    /// The outermost job finished; the store is back home.
    Finished(wasmtime::Result<Done>),
    Event(Event),
}

type Running = Pin<Box<dyn Future<Output = (Store<HostData>, wasmtime::Result<Done>)>>>;

/// The store, at home or inside a running (suspended) job.
pub struct Exec {
    home: Option<Store<HostData>>,
    running: Option<Running>,
    chan: Arc<Mutex<Channel>>,
}

fn lock(chan: &Mutex<Channel>) -> MutexGuard<'_, Channel> {
    // Nothing panics while holding the lock, but a poisoned lock must not take the app down.
    chan.lock().unwrap_or_else(|p| p.into_inner())
}

impl Exec {
    pub fn new(engine: &Engine, limits: StoreLimits) -> Exec {
        let chan = Arc::new(Mutex::new(Channel::default()));
        let mut store = Store::new(
            engine,
            HostData {
                chan: chan.clone(),
                limits,
            },
        );
        store.limiter(|d| &mut d.limits);
        Exec {
            home: Some(store),
            running: None,
            chan,
        }
    }

    /// The store, when no wasm is running.
    pub fn home(&mut self) -> Option<&mut Store<HostData>> {
        self.home.as_mut()
    }

    /// Whether wasm is running (suspended in a JS import).
    pub fn suspended(&self) -> bool {
        self.running.is_some()
    }

    /// Starts an outermost job with `fuel` to burn; drive it with [`Exec::poll`].
    pub fn start(&mut self, job: Job, fuel: u64) -> Result<(), String> {
        let Some(mut store) = self.home.take() else {
            return Err("wasm is already running".into());
        };
        store.set_fuel(fuel).map_err(|e| e.to_string())?;
        self.running = Some(Box::pin(async move {
            let r = job(store.as_context_mut()).await;
            (store, r)
        }));
        Ok(())
    }

    /// Leaves a command for the innermost suspended import; drive on with [`Exec::poll`].
    pub fn send(&mut self, command: Command) {
        lock(&self.chan).command = Some(command);
    }

    /// Resumes the running job until it finishes or stops with an event.
    pub fn poll(&mut self) -> Stop {
        let Some(mut fut) = self.running.take() else {
            return Stop::Finished(Err(wasmtime::Error::msg("no wasm is running")));
        };
        let mut cx = TaskContext::from_waker(Waker::noop());
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready((store, result)) => {
                self.home = Some(store);
                Stop::Finished(result)
            }
            Poll::Pending => {
                self.running = Some(fut);
                match lock(&self.chan).event.take() {
                    Some(e) => Stop::Event(e),
                    // Only our imports suspend, and each says why first; should that ever fail,
                    // stop with an error rather than spin.
                    None => Stop::Event(Event::RunDone(Err(wasmtime::Error::msg(
                        "wasm paused without a reason (an mpsim bug)",
                    )))),
                }
            }
        }
    }
}

/// Waits until the driver leaves a command.
struct NextCommand(Arc<Mutex<Channel>>);

impl Future for NextCommand {
    type Output = Command;
    fn poll(self: Pin<&mut Self>, _: &mut TaskContext<'_>) -> Poll<Command> {
        match lock(&self.0).command.take() {
            Some(c) => Poll::Ready(c),
            None => Poll::Pending,
        }
    }
}

/// A wasm function of type `ty` that calls JS import slot `import`.
pub fn js_import(store: impl AsContextMut<Data = HostData>, ty: FuncType, import: usize) -> Func {
    Func::new_async(store, ty, move |caller, params, results| {
        Box::new(serve(caller, import, params, results))
    })
}

/// The body of a JS import while wasm waits in it: hands the call out, then serves the
/// driver's commands until the JS function's answer comes.
async fn serve(
    mut caller: Caller<'_, HostData>,
    import: usize,
    params: &[Val],
    results: &mut [Val],
) -> wasmtime::Result<()> {
    let chan = caller.data().chan.clone();
    lock(&chan).event = Some(Event::CallJs {
        import,
        params: params.to_vec(),
    });
    loop {
        match NextCommand(chan.clone()).await {
            Command::Return(Ok(values)) => {
                for (slot, v) in results.iter_mut().zip(values) {
                    *slot = v;
                }
                return Ok(());
            }
            Command::Return(Err(thrown)) => return Err(wasmtime::Error::new(thrown)),
            Command::Run(job) => {
                let r = job(caller.as_context_mut()).await;
                lock(&chan).event = Some(Event::RunDone(r));
            }
            Command::Op(op) => {
                let r = op(caller.as_context_mut());
                lock(&chan).event = Some(Event::OpDone(r));
            }
        }
    }
}
