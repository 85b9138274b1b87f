package dms

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
)

// MaxPageLimit is the largest page the topic, group, user and access-policy lists serve. The
// ListAll helpers ask for pages of this size.
const MaxPageLimit = 50

// maxListReads bounds how many times a ListAll helper reads a list that changes under it.
const maxListReads = 3

// Page selects one page of a list: Limit items from Offset. A zero Limit asks for
// MaxPageLimit.
type Page struct {
	Offset, Limit int
}

// query returns the page as query parameters.
func (p Page) query() url.Values {
	limit := p.Limit
	if limit <= 0 {
		limit = MaxPageLimit
	}
	return url.Values{"offset": {strconv.Itoa(p.Offset)}, "limit": {strconv.Itoa(limit)}}
}

// pageFunc reads one page of a list and the list's total.
type pageFunc[T any] func(ctx context.Context, p Page) (items []T, total int, err error)

// listAll reads a whole list. The first page gives the total; the other pages are then read
// concurrently, at most MaxConcurrent at once. The result must have exactly total items, no
// key twice, and every page must report the same total; otherwise the list changed while it
// was read and it is read again, up to maxListReads times.
func listAll[T any](ctx context.Context, c *Client, op string, fetch pageFunc[T],
	key func(T) string) ([]T, error) {
	var problem string
	for read := 1; read <= maxListReads; read++ {
		items, inconsistency, err := readList(ctx, c, fetch, key)
		if err != nil {
			return nil, err
		}
		if inconsistency == "" {
			return items, nil
		}
		problem = inconsistency
		c.log.Debug("list changed while it was read", "op", op, "read", read,
			"problem", problem)
	}
	return nil, fmt.Errorf("%s: %w, %d reads in a row: %s", op, ErrListChanged, maxListReads,
		problem)
}

// readList reads every page of a list once and says what, if anything, is inconsistent.
func readList[T any](ctx context.Context, c *Client, fetch pageFunc[T],
	key func(T) string) ([]T, string, error) {
	first, total, err := fetch(ctx, Page{Offset: 0, Limit: MaxPageLimit})
	if err != nil {
		return nil, "", err
	}
	if len(first) == 0 || len(first) >= total {
		return first, checkList(first, total, nil, key), nil
	}

	// A service that caps pages below the limit asked for sets the stride, so that no item
	// falls between two pages.
	stride := min(len(first), MaxPageLimit)
	var offsets []int
	for off := len(first); off < total; off += stride {
		offsets = append(offsets, off)
	}
	pages, totals, err := fetchPages(ctx, c.cfg.MaxConcurrent, fetch, offsets, stride)
	if err != nil {
		return nil, "", err
	}

	items := first
	for _, p := range pages {
		items = append(items, p...)
	}
	return items, checkList(items, total, totals, key), nil
}

// fetchPages reads the pages at offsets with at most workers requests at once. The first
// error stops the others.
func fetchPages[T any](ctx context.Context, workers int, fetch pageFunc[T], offsets []int,
	limit int) ([][]T, []int, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	pages := make([][]T, len(offsets))
	totals := make([]int, len(offsets))
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		firstErr error
		once     sync.Once
	)
	for range min(workers, len(offsets)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(offsets) || ctx.Err() != nil {
					return
				}
				items, total, err := fetch(ctx, Page{Offset: offsets[i], Limit: limit})
				if err != nil {
					once.Do(func() { firstErr = err; cancel(err) })
					return
				}
				pages[i], totals[i] = items, total
			}
		})
	}
	wg.Wait()
	return pages, totals, firstErr
}

// checkList says how a list read page by page is inconsistent, or returns "".
func checkList[T any](items []T, total int, totals []int, key func(T) string) string {
	for _, t := range totals {
		if t != total {
			return fmt.Sprintf("the total moved from %d to %d", total, t)
		}
	}
	seen := make(map[string]bool, len(items))
	for _, item := range items {
		k := key(item)
		if seen[k] {
			return fmt.Sprintf("%q was listed twice", k)
		}
		seen[k] = true
	}
	if len(items) != total {
		return fmt.Sprintf("%d items were listed but the total is %d", len(items), total)
	}
	return ""
}
