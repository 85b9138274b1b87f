package desired

import "strings"

// suggest returns the known key that key was most likely meant to be, or "" when none is
// close: a small edit distance (a typo, a missing plural) or a known key that key begins.
func suggest(key string, known []string) string {
	lk := strings.ToLower(key)
	best, bestDist := "", -1
	for _, k := range known {
		if len(lk) >= 3 && strings.HasPrefix(k, lk) {
			return k
		}
		if d := editDistance(lk, k); bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	limit := max(1, len(lk)/3)
	if len(lk) >= 5 {
		limit = max(limit, 2)
	}
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, counted in bytes: keys are ASCII.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
