//! Checks a request before any work starts, so bad input gets one clear line.

use crate::MAX_SHUTTLE_THREADS;
use crate::{Backend, Error, Lab, Params, VariantInfo};
use crate::{MAX_LOOM_THREADS, MAX_MODEL_ITERS, MAX_REAL_ITERS, MAX_REAL_THREADS};

/// The variant called `name`, or an error naming the valid ones.
pub fn variant<L: Lab>(lab: &L, name: &str) -> Result<&'static VariantInfo, Error> {
    let info = lab.info();
    Ok(&info.variants[info.find_variant(name)?])
}

/// Checks thread and iteration counts against what `backend` can do, then the lab's own rules.
pub fn params<L: Lab>(lab: &L, params: &Params, backend: Backend) -> Result<(), Error> {
    let (max_threads, max_iters, limit_note) = match backend {
        Backend::Threads => (MAX_REAL_THREADS, MAX_REAL_ITERS, "for a real-thread run"),
        Backend::Loom => (
            MAX_LOOM_THREADS,
            MAX_MODEL_ITERS,
            "under loom, which models at most 4 threads besides main",
        ),
        Backend::Shuttle | Backend::Racelab => (
            MAX_SHUTTLE_THREADS,
            MAX_MODEL_ITERS,
            "for racelab's SC checker and shuttle's",
        ),
    };
    if params.threads == 0 {
        return Err(Error::BadInput(
            "--threads 0: a race needs threads; use --threads 2 or more".into(),
        ));
    }
    if params.threads > max_threads {
        return Err(Error::BadInput(format!(
            "--threads {} is too many {limit_note}: use at most {max_threads}",
            params.threads
        )));
    }
    if params.iters == 0 {
        // (Of a rate, `reads per reader`, its reads; named as the lab names `--iters`.)
        let iteration = lab.info().iteration.split(" per ").next();
        let flag = lab.info().iters_alias.unwrap_or("iters");
        return Err(Error::BadInput(format!(
            "--{flag} 0: each thread must do at least one of its {}; use --{flag} 1 or more",
            iteration.unwrap_or("iterations")
        )));
    }
    if params.iters > max_iters {
        return Err(Error::BadInput(format!(
            "--iters {} is too many {limit_note}: use at most {max_iters}",
            params.iters
        )));
    }
    lab.check_params(params).map_err(Error::BadInput)
}
