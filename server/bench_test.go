package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
)

// BenchmarkPipeline measures the server's cost per command: clients send
// pipelines of 16 SETs (or GETs) over loopback and read the replies.
func BenchmarkPipeline(b *testing.B) {
	for _, cmd := range []string{"SET", "GET", "INCR"} {
		for _, conns := range []int{1, 50} {
			b.Run(fmt.Sprintf("%s/conns=%d/P=16", cmd, conns), func(b *testing.B) {
				s := startServer(b)
				var req []byte
				for i := 0; i < 16; i++ {
					switch cmd {
					case "SET":
						req = append(req, "*3\r\n$3\r\nSET\r\n$16\r\nkey:__rand_int__\r\n$3\r\nxxx\r\n"...)
					case "GET":
						req = append(req, "*2\r\n$3\r\nGET\r\n$16\r\nkey:__rand_int__\r\n"...)
					case "INCR":
						req = append(req, "*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n"...)
					}
				}
				per := b.N/16/conns + 1
				var wg sync.WaitGroup
				b.ResetTimer()
				for c := 0; c < conns; c++ {
					nc, err := net.Dial("tcp", s.Addr().String())
					if err != nil {
						b.Fatal(err)
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						defer nc.Close()
						br := bufio.NewReaderSize(nc, 64<<10)
						for i := 0; i < per; i++ {
							if _, err := nc.Write(req); err != nil {
								return
							}
							for j := 0; j < 16; j++ {
								line, err := br.ReadSlice('\n')
								if err != nil {
									return
								}
								if line[0] == '$' && line[1] != '-' {
									// bulk reply: skip payload
									n := 0
									fmt.Sscanf(string(line[1:]), "%d", &n)
									io.CopyN(io.Discard, br, int64(n+2))
								}
							}
						}
					}()
				}
				wg.Wait()
			})
		}
	}
}
