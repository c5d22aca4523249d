package bot

// backupTexts tell the secretaries that a scheduled backup of the
// database failed.
var backupTexts = map[string][2]string{
	"backup.failed": {
		"⚠️ 数据库自动备份失败：%s\n\n备份目录：%s\n上次成功的备份：%s\n\n机器人仍在正常运行，但数据没有新的备份。请转告负责服务器的同志检查备份目录的磁盘空间和权限（配置项 backup.dir）。备份恢复正常之前，不再重复提醒。",
		"⚠️ The scheduled database backup failed: %s\n\nBackup directory: %s\nLast good backup: %s\n\nThe bot keeps running, but the data has no fresh backup. Ask whoever runs the server to check the directory's free space and permissions (backup.dir). You will not be told again until a backup succeeds.",
	},
	"backup.never": {"无", "none"},
}
