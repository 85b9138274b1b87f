package applier

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sethvargo/go-retry"

	"github.com/mqsync/mqsync/dms"
)

// write sends one write until it lands, within the change's retry budget. A failure whose
// outcome is unknown (a timeout or a 5xx after the request went out), and an "already exists",
// are settled by reading the resource back through landed, never by sending blindly again:
// present and as wanted is success; absent is another try; present and different is a conflict.
func (r *run) write(ctx context.Context, send func(context.Context) error,
	landed func(context.Context) (bool, error)) error {
	b := dms.NewBackoff(r.opts.Retry)
	return retry.Do(ctx, b, func(ctx context.Context) error {
		err := send(ctx)
		if err == nil {
			return nil
		}
		if dms.MayHaveApplied(err) || dms.IsAlreadyExists(err) {
			ok, readErr := landed(ctx)
			switch {
			case readErr != nil:
				return fmt.Errorf("%w (and reading it back: %v)", err, readErr)
			case ok:
				return nil
			case dms.IsAlreadyExists(err):
				return fmt.Errorf("exists with other settings: %w", err)
			}
		}
		if dms.IsRetryable(err) || dms.MayHaveApplied(err) {
			b.Observe(err)
			return retry.RetryableError(err)
		}
		return err
	})
}

// remove deletes one resource. Not found is success: the resource is gone either way.
func (r *run) remove(ctx context.Context, del func(context.Context) error,
	gone func(context.Context) (bool, error)) error {
	err := r.write(ctx, del, gone)
	if dms.IsNotFound(err) {
		return nil
	}
	return err
}

// replace deletes a resource, waits until it is gone, and creates it again: the only way to
// move a topic or group to other brokers.
func (r *run) replace(ctx context.Context, name string, del func(context.Context) error,
	present func(context.Context, []string) ([]string, error),
	create func(context.Context) error) error {
	gone := func(ctx context.Context) (bool, error) {
		left, err := present(ctx, []string{name})
		return len(left) == 0, err
	}
	if err := r.remove(ctx, del, gone); err != nil {
		return err
	}
	if _, err := r.await(ctx, []string{name}, present); err != nil {
		return err
	}
	return create(ctx)
}

// batch sends names through one batch call, then reads until pending reports that the
// asynchronous job has taken effect. A failed call is retried within the budget for the names
// still pending; a maybe-sent one is read back first, like write does. It returns the error of
// each name that did not get there.
func (r *run) batch(ctx context.Context, names []string,
	send func(context.Context, []string) error,
	pending func(context.Context, []string) ([]string, error)) map[string]error {
	remaining := names
	b := dms.NewBackoff(r.opts.Retry)
	err := retry.Do(ctx, b, func(ctx context.Context) error {
		err := send(ctx, remaining)
		if err == nil {
			remaining, err = r.await(ctx, remaining, pending)
			return err
		}
		if !dms.IsRetryable(err) && !dms.MayHaveApplied(err) {
			return err
		}
		b.Observe(err)
		if left, readErr := pending(ctx, remaining); readErr == nil {
			remaining = left
		}
		if len(remaining) == 0 {
			return nil
		}
		return retry.RetryableError(err)
	})
	if err == nil || len(remaining) == 0 {
		return nil
	}
	errs := make(map[string]error, len(remaining))
	for _, name := range remaining {
		errs[name] = err
	}
	return errs
}

// errJobTimeout reports a batch job whose effect did not show in time.
var errJobTimeout = errors.New("the batch job did not take effect in time")

// await reads until pending reports nothing left, or JobTimeout passes. Waits start at
// PollInterval and double up to 5s. It returns what is still pending.
func (r *run) await(ctx context.Context, names []string,
	pending func(context.Context, []string) ([]string, error)) ([]string, error) {
	deadline := time.Now().Add(r.opts.JobTimeout)
	wait := r.opts.PollInterval
	for {
		left, err := pending(ctx, names)
		if err != nil {
			return names, fmt.Errorf("read back: %w", err)
		}
		if len(left) == 0 {
			return nil, nil
		}
		if time.Now().Add(wait).After(deadline) {
			return left, fmt.Errorf("%w (%s)", errJobTimeout, r.opts.JobTimeout)
		}
		if err := sleep(ctx, wait); err != nil {
			return left, err
		}
		names, wait = left, min(2*wait, 5*time.Second)
	}
}

// lookupLimit is the most names read one by one; more are read with one paged list, which
// costs a call per 50 resources instead of one per name.
const lookupLimit = 20

// lookup returns the live resources among names, keyed by name; absent names are missing
// from the map.
func lookup[T any](ctx context.Context, names []string,
	show func(context.Context, string) (T, error),
	list func(context.Context) ([]T, error), name func(*T) string) (map[string]T, error) {
	found := make(map[string]T, len(names))
	if len(names) <= lookupLimit {
		for _, n := range names {
			v, err := show(ctx, n)
			switch {
			case dms.IsNotFound(err):
			case err != nil:
				return nil, err
			default:
				found[n] = v
			}
		}
		return found, nil
	}

	all, err := list(ctx)
	if err != nil {
		return nil, err
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	for i := range all {
		if n := name(&all[i]); want[n] {
			found[n] = all[i]
		}
	}
	return found, nil
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
