//! The promise job queue (microtasks) of the app service. boa's own executor runs jobs until
//! none are left, so an app whose promise chain re-arms itself forever (an `async` retry loop
//! whose server always answers "again", `then` calling itself) would never give the task
//! back: the loop guard counts loop iterations, and such a chain has none. This executor runs
//! at most [`MAX_JOBS`] jobs per turn, then drops the rest and says so, as the endless-loop
//! guard does for loops.

use boa_engine::job::{GenericJob, Job, JobExecutor, PromiseJob};
use boa_engine::{Context, JsNativeError, JsResult};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Promise jobs one turn may run: far more than any real task makes (a burst of 1,000
/// setData calls with callbacks makes a few thousand).
pub const MAX_JOBS: usize = 100_000;

#[derive(Default)]
pub struct Jobs {
    promise: RefCell<VecDeque<PromiseJob>>,
    generic: RefCell<VecDeque<GenericJob>>,
    max: usize,
}

impl Jobs {
    pub fn new() -> Jobs {
        Jobs::with_limit(MAX_JOBS)
    }

    pub fn with_limit(max: usize) -> Jobs {
        Jobs {
            max,
            ..Default::default()
        }
    }
}

impl JobExecutor for Jobs {
    fn enqueue_job(self: Rc<Self>, job: Job, _: &mut Context) {
        // Timers and futures are not boa's here (mpsim's virtual clock runs them).
        match job {
            Job::PromiseJob(p) => self.promise.borrow_mut().push_back(p),
            Job::GenericJob(g) => self.generic.borrow_mut().push_back(g),
            _ => {}
        }
    }

    fn run_jobs(self: Rc<Self>, context: &mut Context) -> JsResult<()> {
        let mut ran = 0usize;
        loop {
            let next = self.promise.borrow_mut().pop_front();
            let job_result = match next {
                Some(job) => job.call(context),
                None => match self.generic.borrow_mut().pop_front() {
                    Some(job) => job.call(context),
                    None => {
                        context.clear_kept_objects();
                        return Ok(());
                    }
                },
            };
            // Reactions catch their own exceptions into their promises; what comes out is
            // uncatchable (a runtime limit), and ends the turn as boa's own executor does.
            if let Err(e) = job_result {
                self.promise.borrow_mut().clear();
                self.generic.borrow_mut().clear();
                return Err(e);
            }
            ran += 1;
            if ran >= self.max {
                self.promise.borrow_mut().clear();
                self.generic.borrow_mut().clear();
                return Err(JsNativeError::range()
                    .with_message(format!(
                        "endless promise chain: more than {} promise jobs in one task; mpsim stopped it",
                        self.max
                    ))
                    .into());
            }
        }
    }
}
