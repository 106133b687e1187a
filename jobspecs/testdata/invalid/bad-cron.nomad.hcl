job "cron" {
  type = "batch"
  periodic {
    cron      = "0 25 * * *"
    time_zone = "UTC"
  }
  group "g" {
    task "t" {
      driver = "exec"
    }
  }
}
