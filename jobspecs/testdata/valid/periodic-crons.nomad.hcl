job "reports" {
  type = "batch"
  periodic {
    crons   = ["0 8 * * 1-5", "0 12 * * 6"]
    enabled = true
  }
  group "report" {
    task "report" {
      driver = "exec"
      config {
        command = "/bin/report"
      }
    }
  }
}
