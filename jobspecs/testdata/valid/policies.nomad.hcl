job "policies" {
  update {
    max_parallel      = 2
    min_healthy_time  = "30s"
    healthy_deadline  = "5m"
    progress_deadline = "15m"
    auto_revert       = true
    canary            = 1
    auto_promote      = true
    health_check      = "checks"
    stagger           = "30s"
  }
  migrate {
    max_parallel     = 1
    health_check     = "task_states"
    min_healthy_time = "10s"
    healthy_deadline = "5m"
  }
  reschedule {
    delay          = "30s"
    delay_function = "exponential"
    max_delay      = "1h"
    unlimited      = true
  }
  group "web" {
    count = 3
    restart {
      attempts = 3
      interval = "30m"
      delay    = "15s"
      mode     = "delay"
    }
    reschedule {
      attempts       = 5
      interval       = "1h"
      delay          = "10s"
      delay_function = "fibonacci"
      max_delay      = "10m"
      unlimited      = false
    }
    ephemeral_disk {
      size    = 500
      sticky  = true
      migrate = true
    }
    task "web" {
      driver = "exec"
      config {
        command = "/bin/web"
      }
      restart {
        attempts = 1
      }
      logs {
        max_files     = 3
        max_file_size = 20
      }
      kill_timeout   = "30s"
      kill_signal    = "SIGTERM"
      shutdown_delay = "5s"
    }
  }
}
