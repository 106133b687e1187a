job "secrets" {
  group "app" {
    task "app" {
      driver = "docker"
      config {
        image = "app:1"
      }
      vault {
        role          = "app"
        change_mode   = "signal"
        change_signal = "SIGUSR1"
        env           = false
      }
      identity {
        env  = true
        file = true
      }
      identity {
        name        = "vault_default"
        aud         = ["vault.io"]
        ttl         = "1h"
        change_mode = "restart"
      }
      consul {
        cluster   = "default"
        namespace = "apps"
      }
    }
  }
}
