package checkaof

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteText prints the per-part report as a table followed by the damage,
// if any: where, why, and the last good command before it.
func (r *Report) WriteText(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PART\tROLE\tFORMAT\tBYTES\tOK_UP_TO\tKEYS(RDB)\tCOMMANDS\tDBS\tFIRST_TS\tLAST_TS\tSTATUS")
	for _, p := range r.Parts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", p.Name, p.Role, p.Format,
			p.Size, p.OkUpTo, p.RDBKeys, p.Commands, dbList(p.DBs), tsText(p.FirstTS), tsText(p.LastTS), p.Status)
	}
	tw.Flush()
	for _, p := range r.Parts {
		p.writeDamage(w)
	}
}

func (p *Part) writeDamage(w io.Writer) {
	if p.Damage == "" {
		return
	}
	fmt.Fprintf(w, "damage in %s at offset %d: %s\n", p.Name, p.DamageOffset, p.Damage)
	if p.LastGood != "" {
		fmt.Fprintf(w, "  last good command (ends at offset %d): %s\n", p.LastGoodEnd, p.LastGood)
	} else {
		fmt.Fprintf(w, "  no complete command before the damage\n")
	}
	if p.CutFile != "" {
		fmt.Fprintf(w, "  cut %d bytes, kept in %s\n", p.CutBytes, p.CutFile)
	}
}

func dbList(dbs []int) string {
	if len(dbs) == 0 {
		return "-"
	}
	s := make([]string, len(dbs))
	for i, db := range dbs {
		s[i] = strconv.Itoa(db)
	}
	return strings.Join(s, ",")
}

func tsText(ts int64) string {
	if ts == 0 {
		return "-"
	}
	return time.Unix(ts, 0).UTC().Format(time.RFC3339)
}
