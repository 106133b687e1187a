job "templated" {
  group "app" {
    task "app" {
      driver = "docker"
      config {
        image = "app:1"
      }
      template {
        data        = "FOO={{ key \"foo\" }}\n"
        destination = "local/app.env"
        env         = true
        change_mode = "restart"
      }
      template {
        source        = "local/config.tpl"
        destination   = "local/config.yml"
        change_mode   = "signal"
        change_signal = "SIGHUP"
        splay         = "10s"
        perms         = "0600"
        wait {
          min = "2s"
          max = "10s"
        }
      }
      template {
        data        = "reload"
        destination = "local/reload"
        change_mode = "script"
        change_script {
          command       = "/bin/reload"
          args          = ["-f"]
          timeout       = "20s"
          fail_on_error = true
        }
        left_delimiter  = "[["
        right_delimiter = "]]"
        error_on_missing_key = true
      }
    }
  }
}
