package store

// The codec's unexported functions, for the tests of package store_test
// that damage or write records by hand.
var (
	UnmarshalOutgoing = unmarshalOutgoing
	MarshalDelivery   = marshalDelivery
)
