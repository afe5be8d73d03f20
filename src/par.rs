//! Work shared between threads: items handed out in turn (the next free thread takes the next
//! item), so that one slow item or one slowed-down thread does not hold the others up. Scoped
//! threads only; no pool is kept alive between calls.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The machine's cores (every one of them: for batch work over many files). Asked once per
/// process: on Linux the question reads the cgroup files each time (tens of microseconds,
/// asked by every analysis).
pub fn all_cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map(|p| p.get()).unwrap_or(1))
}

/// How many threads to use within one document: the machine's cores, at most 8.
pub fn cores() -> usize {
    all_cores().min(8)
}

/// `f(0)`, `f(1)`, … `f(n - 1)`, in that order, computed by `threads` threads (the calling one
/// included). An item whose thread panicked is computed again on the calling thread, so a panic
/// surfaces there, as it would without threads.
pub fn map<T: Send>(n: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = threads.min(n);
    if threads <= 1 {
        return (0..n).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, T)> = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                return done;
            }
            done.push((i, f(i)));
        }
    };
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(n).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        for (i, v) in work() {
            slots[i] = Some(v);
        }
        for h in handles {
            if let Ok(done) = h.join() {
                for (i, v) in done {
                    slots[i] = Some(v);
                }
            }
        }
    });
    slots.into_iter().enumerate().map(|(i, v)| v.unwrap_or_else(|| f(i))).collect()
}

/// `(a(), b())`, with `b` on a second thread when `parallel` (and the machine has two cores).
/// A panic in `b` surfaces on the calling thread.
pub fn join<A: Send, B: Send>(parallel: bool, a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    if !parallel || cores() < 2 {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let hb = s.spawn(b);
        let ra = a();
        match hb.join() {
            Ok(rb) => (ra, rb),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_whatever_the_thread_count() {
        for threads in [0, 1, 2, 3, 16] {
            for n in [0, 1, 2, 7, 100] {
                let v = map(n, threads, |i| i * i);
                assert_eq!(v, (0..n).map(|i| i * i).collect::<Vec<_>>(), "n {n}, threads {threads}");
            }
        }
    }

    #[test]
    fn join_returns_both_results() {
        for parallel in [false, true] {
            assert_eq!(join(parallel, || 1, || "b"), (1, "b"));
        }
    }

    #[test]
    fn items_are_shared_between_threads() {
        let seen = std::sync::Mutex::new(std::collections::HashSet::new());
        map(64, 2, |_| {
            seen.lock().unwrap().insert(std::thread::current().id());
            std::thread::sleep(std::time::Duration::from_millis(1));
        });
        assert_eq!(seen.into_inner().unwrap().len(), 2);
    }
}
