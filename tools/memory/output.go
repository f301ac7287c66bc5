package memory

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"text/tabwriter"
)

// WriteTable prints the report for people.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "%s: %d keys, %d bytes (%s)\n\n", r.Source, r.Keys, r.Bytes, r.SizeKind)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TOP\tDB\tKEY\tTYPE\tBYTES\tELEMENTS")
	for i, k := range r.Top {
		fmt.Fprintf(tw, "%d\t%d\t%q\t%s\t%d\t%d\n", i+1, k.DB, k.Key, k.Type, k.Bytes, k.Elements)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tKEYS\tBYTES\tELEMENTS\tBIGGEST KEY\tITS ELEMENTS")
	for _, t := range r.ByType {
		b := r.Biggest[t.Name]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%q\t%d\n", t.Name, t.Keys, t.Bytes, t.Elems, b.Key, b.Elements)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PREFIX\tKEYS\tBYTES\tELEMENTS\tSHARE")
	for _, p := range r.ByPrefix {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f%%\n", p.Name, p.Keys, p.Bytes, p.Elems, 100*float64(p.Bytes)/float64(max(r.Bytes, 1)))
	}
	tw.Flush()
}

// WriteJSON prints the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteCSV prints one row per reported item: section, name or key, db,
// type, keys, bytes, elements.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"section", "name", "db", "type", "keys", "bytes", "elements"})
	i64 := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, k := range r.Top {
		cw.Write([]string{"top", k.Key, strconv.Itoa(k.DB), k.Type, "1", i64(k.Bytes), i64(k.Elements)})
	}
	types := make([]string, 0, len(r.Biggest))
	for t := range r.Biggest {
		types = append(types, t)
	}
	slices.Sort(types)
	for _, t := range types {
		k := r.Biggest[t]
		cw.Write([]string{"biggest", k.Key, strconv.Itoa(k.DB), t, "1", i64(k.Bytes), i64(k.Elements)})
	}
	for _, t := range r.ByType {
		cw.Write([]string{"type", t.Name, "", t.Name, i64(t.Keys), i64(t.Bytes), i64(t.Elems)})
	}
	for _, p := range r.ByPrefix {
		cw.Write([]string{"prefix", p.Name, "", "", i64(p.Keys), i64(p.Bytes), i64(p.Elems)})
	}
	cw.Flush()
	return cw.Error()
}
