//! What every clone of one [`ServeAssets`](super::ServeAssets) shares: its
//! options and the header fields prepared with them, and the default state
//! of each derived type, which [`StaticAssets::respond`] and
//! [`ServeAssets::new`](super::ServeAssets::new) use.
//!
//! [`StaticAssets::respond`]: crate::StaticAssets::respond

use std::sync::{Arc, OnceLock};

use super::config::Config;
use super::prepared::Prepared;
use crate::source::Source;

/// One configuration of one derived type.
#[derive(Debug)]
pub(crate) struct State {
    pub(super) config: Config,
    /// Made with `config`, one cell per entry of the type's table.
    pub(super) prepared: Prepared,
}

impl State {
    pub(super) fn new(config: Config, source: Source) -> State {
        State {
            config,
            prepared: Prepared::new(source.entries()),
        }
    }

    /// The default state of the type whose assets are `source`, made on
    /// first use and kept for the process.
    ///
    /// Statics cannot be generic, so the states sit in a list that only
    /// grows, one node per type, found by the address of the type's table:
    /// a lookup is an atomic load and a comparison per type ahead of this
    /// one, with no lock and no allocation once the node is made.
    pub(super) fn default_for(source: Source) -> &'static Arc<State> {
        static FIRST: OnceLock<&'static Node> = OnceLock::new();
        let mut slot = &FIRST;
        loop {
            let node = slot.get_or_init(|| Box::leak(Box::new(Node::new(source))));
            if node.source.is(source) {
                return &node.state;
            }
            slot = &node.next;
        }
    }
}

/// One type's default state in the list of [`State::default_for`].
struct Node {
    source: Source,
    state: Arc<State>,
    next: OnceLock<&'static Node>,
}

impl Node {
    fn new(source: Source) -> Node {
        Node {
            source,
            state: Arc::new(State::new(Config::new(), source)),
            next: OnceLock::new(),
        }
    }
}
