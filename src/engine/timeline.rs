//! Marks on the host's performance timeline, so a benchmark can say how long one step of a
//! request took inside the worker (the pricing model's elasticities, issue #6), not only the
//! whole request.
//!
//! The engine has no clock of its own on `wasm32-unknown-unknown`; the worker installs a hook
//! that calls `performance.mark`. Natively, and in a worker that installs none, a mark costs
//! one thread-local read.

use std::cell::Cell;

thread_local! {
    static HOOK: Cell<Option<fn(&str)>> = const { Cell::new(None) };
}

/// Sends every later [`mark`] of this thread to `hook`.
pub fn set_hook(hook: fn(&str)) {
    HOOK.with(|h| h.set(Some(hook)));
}

/// Marks `name` on the timeline, if a hook is installed.
pub fn mark(name: &str) {
    if let Some(hook) = HOOK.with(Cell::get) {
        hook(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SEEN: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    fn record(name: &str) {
        SEEN.with(|s| s.borrow_mut().push(name.to_owned()));
    }

    #[test]
    fn marks_reach_the_hook_only_once_installed() {
        mark("before");
        set_hook(record);
        mark("after");
        SEEN.with(|s| assert_eq!(*s.borrow(), vec!["after".to_owned()]));
    }
}
