job "documented" {
  name        = "Documented service"
  region      = "eu"
  namespace   = "web"
  priority    = 70
  all_at_once = false
  node_pool   = "prod"
  datacenters = ["eu-*"]
  ui {
    description = "The **documented** service."
    link {
      label = "Runbook"
      url   = "https://example.com/runbook"
    }
    link {
      label = "Dashboard"
      url   = "https://example.com/dash"
    }
  }
  group "g" {
    task "t" {
      driver = "exec"
      user   = "nobody"
      config {
        command = "/bin/true"
      }
    }
  }
}
