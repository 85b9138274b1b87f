package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mqsync/mqsync/applier"
	"github.com/mqsync/mqsync/planner"
)

func TestProgress(t *testing.T) {
	res := applier.Result{Kind: planner.KindTopic, Name: "orders", Action: planner.Create,
		Status: applier.Applied}

	var plain bytes.Buffer
	p := NewProgress(Text{}, &plain, 40, false)
	p.Result(res)
	p.Finish()
	if got := plain.String(); got != "  + topic orders: applied in 0s\n" {
		t.Errorf("without a bar: %q", got)
	}

	var tty bytes.Buffer
	p = NewProgress(Text{}, &tty, 40, true)
	for range 10 {
		p.Result(res)
	}
	out := tty.String()
	if !strings.HasSuffix(out, "[=======>                      ] 10/40") {
		t.Errorf("the bar after 10 of 40 changes reads %q", out[strings.LastIndex(out, "\n")+1:])
	}
	if strings.Count(out, "\r\x1b[K") != 10 {
		t.Errorf("each result line should first clear the bar: %q", out)
	}
	p.Finish()
	if !strings.HasSuffix(tty.String(), "\r\x1b[K") {
		t.Error("Finish leaves the bar on screen")
	}

	var short bytes.Buffer
	NewProgress(Text{}, &short, 3, true).Result(res)
	if strings.Contains(short.String(), "[") {
		t.Errorf("a short apply gets a bar: %q", short.String())
	}
}
