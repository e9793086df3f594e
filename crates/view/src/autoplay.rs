//! Swipers with `autoplay` turn on the virtual clock: every `interval` ms (5000 by default)
//! the view shows the next item and sends `change` with `source: "autoplay"`, as the view
//! layer does on the phone. When the app sets `current` itself, the count starts again there.

use crate::Composed;
use mpsim_wxml::NodeId;
use std::collections::HashMap;
use std::rc::Rc;

/// One autoplaying swiper.
#[derive(Debug, Clone, PartialEq)]
pub struct Autoplay {
    pub current: usize,
    /// When the current item came on screen (virtual ms).
    pub since: u64,
    pub interval: u64,
    pub count: usize,
    /// The `current` attribute when the swiper was last seen: a change means the app moved it.
    pub attr: String,
    /// The ids of the items (`item-id`), for `currentItemId`.
    pub item_ids: Vec<String>,
}

impl Autoplay {
    pub fn due(&self) -> u64 {
        self.since + self.interval
    }
}

/// The autoplaying swipers of the page on screen, by node.
#[derive(Debug, Default)]
pub struct Swipers {
    pub playing: HashMap<NodeId, Autoplay>,
}

impl Swipers {
    /// Brings the set up to date with the page at time `now`: new swipers start counting,
    /// gone ones are forgotten, and one whose `current` attribute the app changed (`attr`
    /// reads the attribute as the app set it) restarts from it.
    pub fn refresh(&mut self, page: Option<&Composed>, now: u64, attr: &dyn Fn(NodeId) -> String) {
        let mut found = Vec::new();
        if let Some(p) = page {
            collect(p, &mut found);
        }
        for (id, a) in &mut found {
            a.attr = attr(*id);
            a.current = a.attr.parse().unwrap_or(0);
        }
        let ids: Vec<NodeId> = found.iter().map(|(id, _)| *id).collect();
        self.playing.retain(|id, _| ids.contains(id));
        for (id, a) in found {
            match self.playing.get_mut(&id) {
                Some(old) if old.attr == a.attr => {
                    old.count = a.count;
                    old.interval = a.interval;
                    old.item_ids = a.item_ids;
                }
                Some(old) => *old = Autoplay { since: now, ..a },
                None => {
                    self.playing.insert(id, Autoplay { since: now, ..a });
                }
            }
        }
    }

    /// The next swiper to turn, and when.
    pub fn next(&self) -> Option<(u64, NodeId)> {
        self.playing
            .iter()
            .filter(|(_, a)| a.count > 1)
            .map(|(id, a)| (a.due(), *id))
            .min()
    }
}

fn collect(c: &Composed, out: &mut Vec<(NodeId, Autoplay)>) {
    if c.tag == "swiper" {
        let on = c.attrs.iter().any(|(k, v)| {
            matches!(k, mpsim_wxml::program::AttrKey::Attr(n) if n == "autoplay")
                && mpsim_base::js::truthy(v)
        });
        if on {
            let items: Vec<&Rc<Composed>> = c
                .children
                .iter()
                .filter(|k| k.tag == "swiper-item")
                .collect();
            out.push((
                c.id,
                Autoplay {
                    current: 0,
                    since: 0,
                    interval: c.attr_text("interval").parse().unwrap_or(5000).max(1),
                    count: items.len(),
                    attr: String::new(),
                    item_ids: items.iter().map(|k| k.attr_text("item-id")).collect(),
                },
            ));
        }
    }
    for k in &c.children {
        collect(k, out);
    }
}
