//! The words people read for a report's statuses and actions, in Chinese and English: one
//! table, so that the HTML page, the workbook and the Markdown report say the same thing.
//!
//! ```
//! use vrfb_chain::analysis::ProductStatus;
//! use vrfb_chain::render::words;
//! let w = words::status(ProductStatus::Planned);
//! assert_eq!((w.zh, w.en), ("在建/规划", "planned"));
//! assert_eq!(words::status(ProductStatus::Single).header(), "单一 (single)");
//! ```

use crate::analysis::{Action, ProductStatus};

/// A word in Chinese and in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// The Chinese word (`已覆盖`).
    pub zh: &'static str,
    /// The English word, lowercase as in running text (`covered`).
    pub en: &'static str,
}

impl Words {
    /// Both words as a bilingual header: `zh (en)`.
    ///
    /// ```
    /// use vrfb_chain::render::words;
    /// assert_eq!(words::SHARE_OF_ALL.header(), "占数据集总产能 (share of the dataset's total capacity)");
    /// ```
    pub fn header(&self) -> String {
        format!("{} ({})", self.zh, self.en)
    }
}

/// The words of a product's status.
///
/// `planned` is 在建/规划 (building or announced), not 规划中 alone: the status holds a
/// plant under construction too (gap-analysis.md, "Product status").
///
/// ```
/// use vrfb_chain::analysis::ProductStatus;
/// use vrfb_chain::render::words;
/// let zh: Vec<&str> = ProductStatus::ALL.iter().map(|&s| words::status(s).zh).collect();
/// assert_eq!(zh, ["已覆盖", "单一", "待确认", "在建/规划", "缺失"]);
/// // The English word is the status's name in the JSON report.
/// for s in ProductStatus::ALL {
///     assert_eq!(words::status(s).en, s.as_str());
/// }
/// ```
pub const fn status(status: ProductStatus) -> Words {
    let zh = match status {
        ProductStatus::Covered => "已覆盖",
        ProductStatus::Single => "单一",
        ProductStatus::Unconfirmed => "待确认",
        ProductStatus::Planned => "在建/规划",
        ProductStatus::Missing => "缺失",
    };
    Words {
        zh,
        en: status.as_str(),
    }
}

/// The words of a priority's action: 补链 (fill) or 强链 (strengthen).
///
/// ```
/// use vrfb_chain::analysis::Action;
/// use vrfb_chain::render::words;
/// assert_eq!(words::action(Action::Fill).header(), "补链 (fill)");
/// assert_eq!(words::action(Action::Strengthen).en, Action::Strengthen.as_str());
/// ```
pub const fn action(action: Action) -> Words {
    let zh = match action {
        Action::Fill => "补链",
        Action::Strengthen => "强链",
    };
    Words {
        zh,
        en: action.as_str(),
    }
}

/// The header of a concentration entry's `share_of_all`: the region's capacity over the
/// capacity of every firm in the dataset, which need not be the whole country.
pub const SHARE_OF_ALL: Words = Words {
    zh: "占数据集总产能",
    en: "share of the dataset's total capacity",
};
