job "cron-svc" {
  type = "service"
  periodic {
    cron = "*/5 * * * *"
  }
  group "g" {
    task "t" {
      driver = "exec"
    }
  }
}
