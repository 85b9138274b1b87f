package dmssimtest_test

import (
	"net/http"
	"testing"

	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/dms/dmssim/dmssimtest"
)

func TestNewDefault(t *testing.T) {
	r := dmssimtest.NewDefault(t)
	err := r.Seed(dmssim.DefaultProjectID, dmssim.DefaultInstanceID,
		dmssim.Contents{Topics: []dmssim.Topic{{Name: "seeded"}}})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(r.URL() + "/v2/" + dmssim.DefaultProjectID + "/instances/" +
		dmssim.DefaultInstanceID + "/topics/seeded")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || r.Stats().CountStatus("show_topic", "200") != 1 {
		t.Errorf("show seeded topic: %d, stats %+v", resp.StatusCode, r.Stats())
	}
}
