package render

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/mqsync/mqsync/applier"
)

// progressMinimum is the smallest apply that gets a progress bar: a short one is over before
// a bar would tell anything that the result lines do not.
const progressMinimum = 20

// Progress prints a line for each finished change and, on a terminal, keeps a progress bar on
// the line below them. It is safe for concurrent use.
type Progress struct {
	text  Text
	w     io.Writer
	bar   bool
	total int

	mu   sync.Mutex
	done int
}

// NewProgress reports on w the results of an apply of total changes. bar asks for a progress
// bar; callers ask only when w is a terminal, since the bar redraws itself with a carriage
// return.
func NewProgress(t Text, w io.Writer, total int, bar bool) *Progress {
	return &Progress{text: t, w: w, total: total, bar: bar && total >= progressMinimum}
}

// Result prints how a change ended and moves the bar on.
func (p *Progress) Result(r applier.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if p.bar {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	_ = p.text.Result(p.w, r)
	if p.bar {
		fmt.Fprint(p.w, p.line())
	}
}

// Finish clears the bar.
func (p *Progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// line draws the bar: [=========>          ] 45/100
func (p *Progress) line() string {
	const width = 30
	filled := width * p.done / max(p.total, 1)
	bar := strings.Repeat("=", filled)
	if filled < width {
		bar += ">" + strings.Repeat(" ", width-filled-1)
	}
	return fmt.Sprintf("[%s] %d/%d", bar, p.done, p.total)
}
