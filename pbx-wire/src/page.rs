//! Every page of a paged list endpoint (`[pagination]` in its spec), fetched one request at a
//! time through any client of the family, with a bound on the number of pages.
//!
//! Generated code implements [`Paged`] for each endpoint that declares `[pagination]`;
//! [`all_pages`] is written once here.

use crate::endpoint::Endpoint;
use crate::send::AsyncSender;

/// A list endpoint whose answer comes a page at a time. Generated from `[pagination]`.
pub trait Paged: Endpoint {
    /// One item of the list.
    type Item: Clone + std::fmt::Debug + Send;
    /// The request for page `page` (1-based) of `page_size` items.
    fn with_page(self, page: i64, page_size: i64) -> Self;
    /// The total number of items the PBX says the list holds, if the answer says.
    fn total(response: &Self::Response) -> Option<i64>;
    /// The page's items.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
}

/// Why fetching every page failed.
#[derive(Debug)]
pub enum PageError<E> {
    /// A request failed (the client's own error).
    Send(E),
    /// More pages than the bound would be needed: `fetched` items of `total` after `pages`.
    TooManyPages {
        /// The bound that was reached.
        pages: u32,
        /// Items fetched so far.
        fetched: usize,
        /// The total the PBX announced, if it did.
        total: Option<i64>,
    },
}

impl<E: std::fmt::Display> std::fmt::Display for PageError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::Send(e) => e.fmt(f),
            PageError::TooManyPages {
                pages,
                fetched,
                total,
            } => {
                if let Some(total) = total {
                    write!(f, "the list holds {total} items; ")?;
                }
                write!(
                    f,
                    "{pages} pages brought {fetched} items, and no more pages may be fetched"
                )
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for PageError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PageError::Send(e) => Some(e),
            PageError::TooManyPages { .. } => None,
        }
    }
}

/// Where to stop: every page, unless the PBX's total needs more than `max_pages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    /// Items asked for per page.
    pub page_size: i64,
    /// The most requests sent.
    pub max_pages: u32,
}

impl Default for PageLimits {
    /// 100 items a page, at most 100 pages.
    fn default() -> Self {
        PageLimits {
            page_size: 100,
            max_pages: 100,
        }
    }
}

/// Whether another page is needed after `fetched` items, the last page holding `last`.
fn more(fetched: usize, last: usize, total: Option<i64>, page_size: i64) -> bool {
    match total {
        Some(total) => (fetched as i64) < total && last > 0,
        // Without a total, a short page is the last.
        None => last as i64 >= page_size && last > 0,
    }
}

/// Fetches pages 1, 2, ... of `request` through `sender` until the items reach the total the
/// PBX announces (or a page comes back short or empty, when it announces none). Needing more
/// than `limits.max_pages` requests is [`PageError::TooManyPages`], with nothing lost but the
/// items (the pages already fetched are not returned, as the list is incomplete).
pub async fn all_pages<S, E>(
    sender: &S,
    request: E,
    limits: PageLimits,
) -> Result<Vec<E::Item>, PageError<S::Error>>
where
    S: AsyncSender + ?Sized,
    E: Paged<Api = S::Api>,
{
    let page_size = limits.page_size.max(1);
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let response = sender
            .send_endpoint(request.clone().with_page(i64::from(page), page_size))
            .await
            .map_err(PageError::Send)?;
        let total = E::total(&response);
        let got = E::into_items(response);
        let last = got.len();
        items.extend(got);
        if !more(items.len(), last, total, page_size) {
            return Ok(items);
        }
        if page >= limits.max_pages {
            return Err(PageError::TooManyPages {
                pages: page,
                fetched: items.len(),
                total,
            });
        }
        page += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::more;

    #[test]
    fn stops_at_the_total_or_a_short_page() {
        assert!(more(20, 20, Some(45), 20));
        assert!(!more(45, 5, Some(45), 20));
        // A PBX whose total overstates what it has: an empty page ends the list.
        assert!(!more(40, 0, Some(45), 20));
        assert!(more(20, 20, None, 20));
        assert!(!more(25, 5, None, 20));
    }
}
