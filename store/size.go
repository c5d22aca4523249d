package store

import bolt "go.etcd.io/bbolt"

// Size reports the database file's size and how much of it holds data:
// bbolt grows the file ahead of need and reuses freed pages rather than
// shrinking the file, so the bytes in use are what a record costs.
func (db *DB) Size() (file, inUse int64, err error) {
	err = db.bolt.View(func(tx *bolt.Tx) error {
		file = tx.Size()
		return nil
	})
	st := db.bolt.Stats()
	free := int64(st.FreePageN+st.PendingPageN) * int64(db.bolt.Info().PageSize)
	return file, file - free, err
}
