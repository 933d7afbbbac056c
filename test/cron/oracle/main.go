// The differential-test oracle for lib/cron: robfig/cron/v3 (what cert-manager schedules renewal
// windows with). Reads "expr\ttz\tfromRFC3339\tn" lines; prints the next n activations (UTC,
// RFC 3339), or "ERR <message>".
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			fmt.Fprintln(out, "ERR bad input line")
			continue
		}
		loc, err := time.LoadLocation(f[1])
		if err != nil {
			fmt.Fprintln(out, "ERR", err)
			continue
		}
		s, err := cron.ParseStandard(fmt.Sprintf("CRON_TZ=%s %s", loc.String(), f[0]))
		if err != nil {
			fmt.Fprintln(out, "ERR", err)
			continue
		}
		t, _ := time.Parse(time.RFC3339, f[2])
		n, _ := strconv.Atoi(f[3])
		var parts []string
		for i := 0; i < n; i++ {
			t = s.Next(t)
			if t.IsZero() {
				break
			}
			parts = append(parts, t.UTC().Format(time.RFC3339))
		}
		fmt.Fprintln(out, strings.Join(parts, " "))
	}
}
