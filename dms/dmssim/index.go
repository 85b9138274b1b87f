package dmssim

import (
	"slices"
	"strings"
)

// nameIndex keeps names in byte order so that a page is a slice of it: serving a page costs
// O(page), whatever the size of the instance. Inserting or removing one name moves the tail of
// the slice (a memmove, microseconds at tens of thousands of names); addAll merges a sorted batch
// in one pass, which is how seeding stays cheap.
type nameIndex struct {
	names []string
}

// insert adds name and reports whether it was absent.
func (x *nameIndex) insert(name string) bool {
	i, found := slices.BinarySearch(x.names, name)
	if found {
		return false
	}
	x.names = slices.Insert(x.names, i, name)
	return true
}

// remove deletes name and reports whether it was present.
func (x *nameIndex) remove(name string) bool {
	i, found := slices.BinarySearch(x.names, name)
	if !found {
		return false
	}
	x.names = slices.Delete(x.names, i, i+1)
	return true
}

// addAll inserts names that are not present yet, sorting the batch and merging it once.
func (x *nameIndex) addAll(names []string) {
	batch := slices.Clone(names)
	slices.Sort(batch)
	batch = slices.Compact(batch)

	merged := make([]string, 0, len(x.names)+len(batch))
	i, j := 0, 0
	for i < len(x.names) || j < len(batch) {
		switch {
		case j == len(batch) || i < len(x.names) && x.names[i] < batch[j]:
			merged = append(merged, x.names[i])
			i++
		case i == len(x.names) || batch[j] < x.names[i]:
			merged = append(merged, batch[j])
			j++
		default: // equal: already present
			merged = append(merged, x.names[i])
			i, j = i+1, j+1
		}
	}
	x.names = merged
}

func (x *nameIndex) len() int { return len(x.names) }

// page returns the names from offset, at most limit of them. The slice is shared with the index:
// callers read it under the store's lock and do not keep it.
func (x *nameIndex) page(offset, limit int) []string {
	if offset >= len(x.names) {
		return nil
	}
	return x.names[offset:min(offset+limit, len(x.names))]
}

// filtered returns a page of the names that contain sub, and how many contain it. Filtering is
// a scan by nature; only unfiltered pages are O(page).
func (x *nameIndex) filtered(sub string, offset, limit int) ([]string, int) {
	var out []string
	total := 0
	for _, n := range x.names {
		if !strings.Contains(n, sub) {
			continue
		}
		if total >= offset && len(out) < limit {
			out = append(out, n)
		}
		total++
	}
	return out, total
}

// pageOffsets returns next_offset and previous_offset as the list operations report them: -1
// when there is no next (or previous) page.
func pageOffsets(offset, limit, total int) (next, previous int) {
	next, previous = -1, -1
	if offset+limit < total {
		next = offset + limit
	}
	if offset > 0 {
		previous = max(0, offset-limit)
	}
	return next, previous
}
