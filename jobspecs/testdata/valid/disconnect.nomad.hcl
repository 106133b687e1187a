job "edge" {
  group "edge" {
    disconnect {
      lost_after           = "1h"
      replace              = false
      reconcile            = "keep_original"
      stop_on_client_after = "2h"
    }
    max_run_duration = "24h"
    shutdown_delay   = "10s"
    task "agent" {
      driver = "exec"
      config {
        command = "/bin/edge"
      }
    }
  }
}
