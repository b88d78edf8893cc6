app_name = "franchise"

urlpatterns = []
