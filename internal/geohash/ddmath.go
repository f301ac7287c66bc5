package geohash

import "math"

// Correctly rounded sin, cos and asin. Go's math package is accurate to
// an ulp or so, but Redis gets glibc's results, which are correctly
// rounded, and stored distances (STOREDIST) are compared bit for bit
// across servers. These evaluate in double-double arithmetic (about 106
// bits) and round once; inputs outside the ranges geo uses fall back to
// the math package.

// dd is an unevaluated sum hi+lo with |lo| <= ulp(hi)/2.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bb := s - a
	e = (a - (s - bb)) + (b - bb)
	return s, e
}

func quickTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) (p, e float64) {
	p = a * b
	return p, math.FMA(a, b, -p)
}

// add is the "sloppy" double-double sum: exact in the high parts, the
// low parts added in float64. Its error is within 2^-104 relative except
// under heavy cancellation, which the series here never meet.
func (a dd) add(b dd) dd {
	s, e := twoSum(a.hi, b.hi)
	return quickTwoSum(s, e+(a.lo+b.lo))
}

func (a dd) neg() dd { return dd{-a.hi, -a.lo} }

func (a dd) mul(b dd) dd {
	p, e := twoProd(a.hi, b.hi)
	e += a.hi*b.lo + a.lo*b.hi
	return quickTwoSum(p, e)
}

func (a dd) mulF(b float64) dd {
	p, e := twoProd(a.hi, b)
	e += a.lo * b
	return quickTwoSum(p, e)
}

func (a dd) divF(b float64) dd {
	q1 := a.hi / b
	p, e := twoProd(q1, b)
	r := a.add(dd{-p, -e})
	q2 := r.hi / b
	return quickTwoSum(q1, q2)
}

func (a dd) div(b dd) dd {
	q1 := a.hi / b.hi
	r := a.add(b.mulF(q1).neg())
	q2 := r.hi / b.hi
	r = r.add(b.mulF(q2).neg())
	q3 := r.hi / b.hi
	q := quickTwoSum(q1, q2)
	return q.add(dd{q3, 0})
}

// pio2 is π/2 split in three doubles.
var pio2 = [3]float64{
	math.Float64frombits(0x3FF921FB54442D18),
	math.Float64frombits(0x3C91A62633145C07),
	math.Float64frombits(0xB91F1976B7ED8FBC),
}

// reduce returns r = x - k*π/2 with |r| <= π/4 (about), and k mod 4.
func reduce(x float64) (dd, int) {
	k := math.Round(x / pio2[0])
	r := dd{x, 0}
	for _, p := range pio2 {
		hi, lo := twoProd(k, p)
		r = r.add(dd{-hi, -lo})
	}
	return r, int(int64(k) & 3)
}

// invFact[n] is (-1)^(n/2) / n! in double-double: the Taylor
// coefficients of sin (odd n) and cos (even n), up to n = 27, enough for
// 106 bits at |r| <= π/4.
var invFact = func() [28]dd {
	var f [28]dd
	f[0] = dd{1, 0}
	for n := 1; n < len(f); n++ {
		f[n] = f[n-1].divF(float64(n))
	}
	for n := 2; n < len(f); n += 4 {
		f[n], f[n+1] = f[n].neg(), f[n+1].neg()
	}
	return f
}()

// series evaluates the Taylor series of sin (odd) or cos (!odd) at r by
// Horner's rule.
func series(r dd, odd bool) dd {
	r2 := r.mul(r)
	n := len(invFact) - 2
	if odd {
		n++
	}
	sum := invFact[n]
	for n -= 2; n >= 0; n -= 2 {
		sum = sum.mul(r2).add(invFact[n])
	}
	if odd {
		sum = sum.mul(r)
	}
	return sum
}

func sinCosDD(r dd) (s, c dd) { return series(r, true), series(r, false) }

// sinOrCos returns sin(x) (or cos(x) when cos) in double-double,
// summing one series only.
func sinOrCos(x float64, cos bool) dd {
	r, k := reduce(x)
	if cos {
		k++
	}
	v := series(r, k%2 == 0)
	if k&2 != 0 {
		v = v.neg()
	}
	return v
}

// sinCos returns sin and cos of x in double-double.
func sinCos(x float64) (dd, dd) {
	r, k := reduce(x)
	s, c := sinCosDD(r)
	switch k {
	case 1:
		return c, s.neg()
	case 2:
		return s.neg(), c.neg()
	case 3:
		return c.neg(), s
	}
	return s, c
}

const ddRange = 16 // |x| beyond this goes to the math package

func crSin(x float64) float64 {
	if !(math.Abs(x) <= ddRange) || x == 0 {
		return math.Sin(x)
	}
	s := sinOrCos(x, false)
	return s.hi + s.lo
}

func crCos(x float64) float64 {
	if !(math.Abs(x) <= ddRange) {
		return math.Cos(x)
	}
	c := sinOrCos(x, true)
	return c.hi + c.lo
}

// crAsin refines math.Asin by Newton steps on sin(y) = x in
// double-double.
func crAsin(x float64) float64 {
	if !(math.Abs(x) < 1) || x == 0 {
		return math.Asin(x)
	}
	y := dd{math.Asin(x), 0}
	// math.Asin is within a few dozen ulps: one quadratic step takes that
	// to about 2^-100.
	for i := 0; i < 1; i++ {
		s, c := sinCos(y.hi)
		// sin(y.hi + y.lo) ≈ s + c*y.lo
		s = s.add(c.mulF(y.lo))
		y = y.add(s.add(dd{-x, 0}).div(c).neg())
	}
	return y.hi + y.lo
}
