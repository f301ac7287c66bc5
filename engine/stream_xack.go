package engine

func init() {
	Register(&Command{Name: "xack", Arity: -4, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
		Summary: "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.",
		Run:     xackCommand})
}

func xackCommand(c *Ctx) {
	key := c.Str(1)
	s, ok := streamValue(c, key)
	if !ok {
		return
	}
	if s == nil || s.group(c.Str(2)) < 0 {
		c.W.Int(0)
		return
	}
	ids := make([]StreamID, len(c.Args)-3)
	for j := range ids {
		if ids[j], ok = parseStreamIDArg(c, j+3, 0, true, nil); !ok {
			return
		}
	}
	s = c.DB.MutableObject(key).(*Stream)
	cg := s.groupMut(c.Gen(), s.group(c.Str(2)))
	acked := 0
	for _, id := range ids {
		if cg.ack(c.Gen(), id) {
			acked++
		}
	}
	c.Changed(acked)
	c.W.Int(int64(acked))
}

// ack removes id from the group's and its owner's pending lists.
// REQUIRES: cg owned by g.
func (cg *streamGroup) ack(g uint64, id StreamID) bool {
	nack, ok := cg.pel.Get(id)
	if !ok {
		return false
	}
	cg.pel.Delete(g, id)
	if i := cg.consumer(nack.consumer); i >= 0 {
		cg.consumerMut(g, i).pel.Delete(g, id)
	}
	return true
}
